using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// One alert database for a contract test, on SQLite or PostgreSQL: stores over it (each a new instance, as another
/// process or a restart has) and the logs and readers the alert store writes to in its transactions.
/// </summary>
public abstract class AlertBackend : IAsyncDisposable
{
    /// <summary>The clock every store, log and outbox of this backend uses.</summary>
    public ManualTimeProvider Clock { get; } = new(TestCandidates.T0.AddHours(1));

    /// <summary>A new store instance over the database; <paramref name="publish"/> writes topic messages to <see cref="Outbox"/>.</summary>
    public abstract IAlertStore OpenStore(ISilenceMatcher? silences = null, bool publish = false);

    /// <summary>The change feed the stores of <see cref="OpenStore"/> append to.</summary>
    public abstract IAlertEventLog Events { get; }

    public abstract IAuditLog Audit { get; }

    public abstract IAlertOutbox Outbox { get; }

    public abstract IAlertContextReader Context { get; }

    public abstract IBoardAlertReader Board { get; }

    /// <summary>Makes the database refuse (fail the statement) an evidence row for <paramref name="recordId"/>.</summary>
    public abstract Task RefuseEvidenceAsync(string recordId);

    /// <summary>How many evidence rows the database holds for <paramref name="recordId"/>.</summary>
    public abstract Task<long> CountEvidenceAsync(string recordId);

    public abstract ValueTask DisposeAsync();

    /// <summary>Topic messages: "type:version" for each alert published (see <see cref="TypeEncoder"/>).</summary>
    protected sealed class TypeEncoder : IAlertChangeEncoder
    {
        public OutboxMessage Encode(Alert alert, string type, DateTimeOffset now) =>
            new(alert.Tenant, $"{alert.Id}/{alert.Version}", System.Text.Encoding.UTF8.GetBytes($"{type}:{alert.Version}"));
    }

    protected static IAlertChangeEncoder Encoder { get; } = new TypeEncoder();
}
