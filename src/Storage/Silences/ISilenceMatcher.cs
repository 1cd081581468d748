using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Which active silence, if any, matches an alert at a given time. The alert store asks it for every new alert inside
/// the upsert transaction, so it must answer from memory (no I/O) and fast.
/// </summary>
public interface ISilenceMatcher
{
    /// <returns>The id of a silence active at <paramref name="now"/> whose matchers all match, or null.</returns>
    string? Match(Alert alert, DateTimeOffset now);
}
