namespace Lepton.Monitor.Silo.Cli;

/// <summary>One command-line verb (`lepton VERB [options]`), each in its own file.</summary>
public interface IVerb
{
    string Name { get; }
    string Summary { get; }
    string Usage { get; }
    Task<int> RunAsync(string[] args);
}
