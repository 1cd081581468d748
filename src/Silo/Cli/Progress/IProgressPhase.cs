namespace Lepton.Monitor.Silo.Cli.Progress;

/// <summary>One phase of long work: <see cref="IProgress{T}.Report"/> sets how many units are done, <see cref="Advance"/> adds.</summary>
public interface IProgressPhase : IProgress<long>, IDisposable
{
    void Advance(long units);
}
