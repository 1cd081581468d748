namespace Lepton.Monitor.Storage.Postgres;

/// <summary>
/// The Orleans ADO.NET scripts for PostgreSQL (Main, Clustering, Persistence, Reminders), embedded from
/// infra/postgres/orleans where they are vendored unchanged from dotnet/orleans main (the 10.4.2 clustering provider
/// needs the <c>CleanupDefunctSiloEntriesKey</c> query that the v10.2.2 tag's script lacks; see the README there).
/// </summary>
internal static class OrleansPostgresScripts
{
    /// <summary>In the order Orleans requires: Main creates the OrleansQuery table the others insert into.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql", "PostgreSQL-Persistence.sql", "PostgreSQL-Reminders.sql"];

    public static string Combined() => string.Join("\n", Names.Select(Read));

    private static string Read(string name)
    {
        using var stream = typeof(OrleansPostgresScripts).Assembly.GetManifestResourceStream("Orleans." + name)
            ?? throw new InvalidOperationException($"embedded Orleans script {name} is missing from this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
