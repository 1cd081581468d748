namespace Lepton.Monitor.Storage.Postgres;

/// <summary>One schema migration as `lepton migrate` reports it.</summary>
public sealed record PostgresMigrationStep(int Version, string Description);
