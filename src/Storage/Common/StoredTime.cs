namespace Lepton.Monitor.Storage;

/// <summary>
/// Instants are stored as UTC ticks (INTEGER): exact to 100 ns, ordered, and cheap to compare in SQL.
/// The offset is not kept; values come back in UTC.
/// </summary>
internal static class StoredTime
{
    public static long ToTicks(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);
}
