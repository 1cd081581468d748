namespace Lepton.Monitor.Storage;

/// <summary>A write named an etag that is no longer current: another activation wrote the state in between.</summary>
public sealed class GrainStateConflictException(string stateName, string grainId, string? expected, string? actual)
    : Exception($"state '{stateName}' of grain '{grainId}': expected etag '{expected ?? "(none)"}' but the store has '{actual ?? "(none)"}'")
{
    public string? StoredETag { get; } = actual;
    public string? ExpectedETag { get; } = expected;
}
