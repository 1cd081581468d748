namespace Lepton.Monitor.Compliance.Exports;

/// <summary>
/// The period of an alert export: alerts active at some point in [From, To) — first seen before To and last seen at or
/// after From. At most <see cref="MaxDays"/> days, so one export stays a bounded read.
/// </summary>
public sealed record AlertExportPeriod(DateTimeOffset From, DateTimeOffset To)
{
    public const int MaxDays = 400;

    public static bool TryCreate(DateTimeOffset? from, DateTimeOffset? to, out AlertExportPeriod period, out string? error)
    {
        period = null!;
        error = null;
        if (from is null || to is null)
            error = "from and to: both required (RFC 3339), e.g. from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
        else if (to <= from)
            error = "to: must be after from";
        else if (to.Value - from.Value > TimeSpan.FromDays(MaxDays))
            error = $"to: a period is at most {MaxDays} days";
        else
            period = new AlertExportPeriod(from.Value, to.Value);
        return error is null;
    }

    public bool Covers(DateTimeOffset firstSeen, DateTimeOffset lastSeen) => firstSeen < To && lastSeen >= From;
}
