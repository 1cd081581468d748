namespace Lepton.Monitor.Storage;

/// <summary>Snoozed alerts whose time has come (the snooze reopener's work list).</summary>
public interface IDueSnoozes
{
    /// <summary>Ids of snoozed alerts with <c>snoozedUntil &lt;= now</c>, the longest overdue first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<string>> ListAsync(DateTimeOffset now, int max, CancellationToken ct = default);
}
