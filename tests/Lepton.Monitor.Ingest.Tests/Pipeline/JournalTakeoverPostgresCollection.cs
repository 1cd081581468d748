using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>One private PostgreSQL for the takeover tests; each test makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class JournalTakeoverPostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "journal-takeover-postgres";

    private static int _next;

    public static Task<string> FreshDatabaseAsync(PostgresServer server) =>
        server.CreateDatabaseAsync($"takeover_{Interlocked.Increment(ref _next)}_{Guid.NewGuid().ToString("N")[..8]}");
}
