namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>
/// Hysteresis for drift and fairness alerts: one episode opens on the first drifted check and stays open through
/// further drifted and inconclusive checks until <see cref="CleanChecksToResolve"/> clean checks in a row close it, so a
/// metric hovering at its threshold raises one alert that is updated, not a storm of alerts.
/// </summary>
public sealed class DriftEpisodeTracker(int cleanChecksToResolve = 3)
{
    public int CleanChecksToResolve { get; } = cleanChecksToResolve >= 1
        ? cleanChecksToResolve
        : throw new ArgumentOutOfRangeException(nameof(cleanChecksToResolve), "at least one clean check");

    public bool IsActive { get; private set; }

    /// <summary>Episodes opened so far (the current one's number while active); names an alert's fingerprint.</summary>
    public long EpisodeNumber { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>Drifted checks in the current (or last) episode.</summary>
    public int DriftedChecks { get; private set; }

    public int ConsecutiveCleanChecks { get; private set; }

    public EpisodeTransition Advance(DriftVerdict verdict, DateTimeOffset at)
    {
        switch (verdict)
        {
            case DriftVerdict.Drifted when !IsActive:
                IsActive = true;
                EpisodeNumber++;
                StartedAt = at;
                DriftedChecks = 1;
                ConsecutiveCleanChecks = 0;
                return EpisodeTransition.Started;
            case DriftVerdict.Drifted:
                DriftedChecks++;
                ConsecutiveCleanChecks = 0;
                return EpisodeTransition.Continuing;
            case DriftVerdict.Clean when IsActive:
                if (++ConsecutiveCleanChecks < CleanChecksToResolve)
                    return EpisodeTransition.Continuing;
                IsActive = false;
                return EpisodeTransition.Ended;
            default:
                return IsActive ? EpisodeTransition.Continuing : EpisodeTransition.None;
        }
    }

    /// <summary>Closes any episode and forgets the count.</summary>
    public void Reset()
    {
        IsActive = false;
        EpisodeNumber = 0;
        StartedAt = null;
        DriftedChecks = 0;
        ConsecutiveCleanChecks = 0;
    }

    /// <summary>Writes the tracker's state (for the owner's snapshot).</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(IsActive);
        writer.Write(EpisodeNumber);
        writer.Write(StartedAt?.UtcTicks ?? -1);
        writer.Write(DriftedChecks);
        writer.Write(ConsecutiveCleanChecks);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    public void ReadState(BinaryReader reader)
    {
        IsActive = reader.ReadBoolean();
        EpisodeNumber = reader.ReadInt64();
        var ticks = reader.ReadInt64();
        StartedAt = ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        DriftedChecks = reader.ReadInt32();
        ConsecutiveCleanChecks = reader.ReadInt32();
    }
}
