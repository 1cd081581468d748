namespace Lepton.Monitor.Silo.Cli.Progress;

/// <summary>One phase of long work: <see cref="IProgress{T}.Report"/> sets how many units are done, <see cref="Advance"/> adds.</summary>
public interface IProgressPhase : IProgress<long>, IDisposable
{
    void Advance(long units);

    /// <summary>
    /// A short note on how the work goes besides the count (a load run's latency, errors and the target's memory),
    /// given at the verb's own pace: beside the bar on a terminal, a line with the count at once otherwise.
    /// </summary>
    void SetStatus(string status);
}
