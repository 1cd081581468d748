namespace Lepton.Monitor.Storage.Postgres;

/// <summary>What one <see cref="PostgresMigrator.MigrateAsync"/> did: the migrations it applied (in order) and the version now.</summary>
public sealed record PostgresMigrationResult(IReadOnlyList<PostgresMigrationStep> Applied, int Version)
{
    public bool WasUpToDate => Applied.Count == 0;
}
