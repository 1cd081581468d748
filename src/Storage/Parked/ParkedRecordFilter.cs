namespace Lepton.Monitor.Storage;

/// <summary>
/// Which parked records a list or replay covers; every null criterion matches all. <see cref="RecordIds"/> holds at
/// most <see cref="MaxRecordIds"/> ids.
/// </summary>
public sealed record ParkedRecordFilter(
    string? Tenant = null,
    string? Jurisdiction = null,
    bool? Retryable = null,
    IReadOnlyList<string>? RecordIds = null)
{
    public const int MaxRecordIds = 500;

    public static readonly ParkedRecordFilter All = new();
}
