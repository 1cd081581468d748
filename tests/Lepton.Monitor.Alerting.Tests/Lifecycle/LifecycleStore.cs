using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>A real SQLite store on a temp folder with a hand-moved clock, for lifecycle tests below the HTTP API.</summary>
public sealed class LifecycleStore : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();

    public LifecycleStore()
    {
        Db = LeptonDatabase.Open(_folder.Path);
        Audit = new SqliteAuditLog(Db, Clock);
        Store = new SqliteAlertStore(Db, Clock);
    }

    public ManualClock Clock { get; } = new(T0);
    public LeptonDatabase Db { get; }
    public SqliteAuditLog Audit { get; }
    public SqliteAlertStore Store { get; }

    public static AlertCandidate Candidate(string recordId, string fingerprint = "fp-1", Severity severity = Severity.High) =>
        new("acme", "US", AlertKind.Rule, "us-cash-ctr", "threshold", severity, fingerprint, "ent-" + fingerprint, recordId, T0, null, null,
            new AlertExplanation("cash 12,500.00 USD ≥ 10,000.00 USD", new RuleReference("us-cash-ctr", "threshold", "31 CFR 1010.311"), [], null), T0);

    public async Task<Alert> RaiseAsync(string recordId, string fingerprint = "fp-1", Severity severity = Severity.High) =>
        Assert.Single((await Store.UpsertAsync([Candidate(recordId, fingerprint, severity)])).Created);

    /// <summary>Applies an action as the API does: through the store, with the version seen.</summary>
    public async Task<AlertChangeResult> ActAsync(Alert seen, AlertAction action, AlertActionParameters parameters, string actor = "ana", TenantSettings? settings = null)
    {
        settings ??= TenantSettings.Default;
        var now = Clock.GetUtcNow();
        return await Store.ChangeAsync(new AlertChangeRequest(seen.Id, seen.Version, actor, AlertLifecycle.AuditAction(action, parameters, settings),
            a => AlertLifecycle.Apply(a, action, parameters, actor, settings, now)));
    }

    public void Dispose()
    {
        Store.Dispose();
        Db.Dispose();
        _folder.Dispose();
    }
}
