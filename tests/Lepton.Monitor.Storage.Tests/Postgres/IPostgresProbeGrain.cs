using Orleans;

namespace Lepton.Monitor.Storage.Tests.Postgres;

/// <summary>A test grain with persisted state and a reminder: exercises Orleans' ADO.NET providers on a migrated database.</summary>
[Alias("lepton-test.postgres-probe")]
public interface IPostgresProbeGrain : IGrainWithStringKey
{
    [Alias("write")] Task WriteAsync(string value);
    [Alias("read")] Task<string?> ReadAsync();
    [Alias("remind")] Task RegisterReminderAsync();
    [Alias("silo")] Task<string> SiloAsync();
}
