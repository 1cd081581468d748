using System.Globalization;

namespace Lepton.Monitor.Silo.Cli.Progress;

/// <summary>
/// Progress for logs (stdout or stderr not a terminal): a line when a phase starts, one at most every
/// <c>interval</c> while it runs (done, rate, ETA) and one when it ends, on stderr so stdout keeps only results.
/// A phase's status (<see cref="IProgressPhase.SetStatus"/>) is written at once, after the count.
/// </summary>
public sealed class LineProgress(TextWriter error, TimeSpan? interval = null) : IWorkProgress
{
    private readonly TimeSpan _interval = interval ?? TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();

    public IProgressPhase Begin(string phase, long? total = null, string unit = "records")
    {
        Write(total is { } t ? $"{phase}: started, {N(t)} {unit}" : $"{phase}: started");
        return new Phase(this, phase, total, unit);
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            error.WriteLine(line);
            error.Flush();
        }
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"done/total unit (p %), rate unit/s, ETA s" from a count and its elapsed time.</summary>
    public static string Describe(long done, long? total, string unit, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var text = total is { } t and > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{N(done)}/{N(t)} {unit} ({100.0 * done / t:0} %), {N(rate)} {unit}/s")
            : string.Create(CultureInfo.InvariantCulture, $"{N(done)} {unit}, {N(rate)} {unit}/s");
        if (total is { } all && rate > 0 && done < all)
            text += string.Create(CultureInfo.InvariantCulture, $", ETA {(all - done) / rate:0} s");
        return text;
    }

    private sealed class Phase(LineProgress owner, string name, long? total, string unit) : PhaseCounter(name, total, unit), IProgressPhase
    {
        private TimeSpan _lastLine;

        void IProgress<long>.Report(long value)
        {
            Report(value);
            MaybeWrite();
        }

        void IProgressPhase.Advance(long units)
        {
            Advance(units);
            MaybeWrite();
        }

        private void MaybeWrite()
        {
            var elapsed = Elapsed;
            if (elapsed - _lastLine < owner._interval)
                return;
            _lastLine = elapsed;
            owner.Write($"{Name}: {Describe(Done, Total, Unit, elapsed)}");
        }

        // The verb sets its status at its own pace (load: every second); the periodic line waits a full interval after it.
        protected override void OnStatus(string status)
        {
            var elapsed = Elapsed;
            _lastLine = elapsed;
            owner.Write($"{Name}: {Describe(Done, Total, Unit, elapsed)}; {status}");
        }

        protected override void OnEnded() =>
            owner.Write(string.Create(CultureInfo.InvariantCulture, $"{Name}: done, {N(Done)} {Unit} in {Elapsed.TotalSeconds:0.0} s ({N(Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0)} {Unit}/s)"));
    }
}
