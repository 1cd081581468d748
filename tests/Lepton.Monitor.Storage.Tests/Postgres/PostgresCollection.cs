using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Storage.Tests.Postgres;

/// <summary>One private PostgreSQL for every PostgreSQL test class; each class (or test) makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";

    private static int _next;

    /// <summary>A fresh, empty database on <paramref name="server"/> with a name no other test uses.</summary>
    public static Task<string> FreshDatabaseAsync(PostgresServer server, string prefix) =>
        server.CreateDatabaseAsync($"{prefix}_{Interlocked.Increment(ref _next)}_{Guid.NewGuid().ToString("N")[..8]}");
}
