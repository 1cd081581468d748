namespace Lepton.Monitor.Storage.Postgres;

/// <summary>
/// The database records schema versions this build does not know (a newer build migrated it): it is refused rather
/// than run against tables whose shape this build cannot know. The message names the versions and what to do.
/// </summary>
public sealed class PostgresSchemaException(string message) : InvalidOperationException(message);
