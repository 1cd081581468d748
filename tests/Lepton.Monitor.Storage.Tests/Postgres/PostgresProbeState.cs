using Orleans;

namespace Lepton.Monitor.Storage.Tests.Postgres;

/// <summary>The probe grain's persisted state (stored by Orleans' ADO.NET storage as JSON).</summary>
[GenerateSerializer, Alias("lepton-test.postgres-probe-state")]
public sealed class PostgresProbeState
{
    [Id(0)] public string? Value { get; set; }
}
