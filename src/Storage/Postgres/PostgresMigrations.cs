namespace Lepton.Monitor.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema as an ordered list of migrations, applied by <see cref="PostgresMigrator"/> (`lepton migrate`),
/// never at start-up. Add a new <see cref="Migration"/> for any change; never edit or renumber a released one.
/// </summary>
internal static class PostgresMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        // Orleans' own tables and queries (membership, grain state, reminders) for Microsoft.Orleans.*.AdoNet 10.4.2.
        // Taken from the dotnet/orleans main branch, not the v10.2.2 tag: 10.4.2 silos abort at start without the
        // clustering script's CleanupDefunctSiloEntriesKey query row (infra/postgres/README.md).
        new(1, "orleans clustering, persistence and reminders (dotnet/orleans main, for 10.4.2)", OrleansPostgresScripts.Combined()),
        PostgresProductSchema.Migration,
        JournalPartitionsMigration.Migration,
        EventProcessorMigration.Migration,
        ReportDraftsMigration.Migration,
        PostureMigration.Migration,
    ];

    public static int Latest => All[^1].Version;
}
