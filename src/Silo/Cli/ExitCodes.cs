namespace Lepton.Monitor.Silo.Cli;

/// <summary>The command line's exit codes; a verb documents any beyond them (3: the store cannot be used).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
