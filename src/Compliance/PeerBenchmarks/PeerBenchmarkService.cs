using System.Text.Json;
using Lepton.Monitor.Compliance.Posture;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Compliance.PeerBenchmarks;

/// <summary>
/// Serves a tenant its alert rates per rule kind beside the day's differentially private peer release. A release is made
/// once per rule kind per UTC day from every tenant's clamped rate and stored with the ε it spent
/// (<see cref="IPeerBenchmarkLedger"/>); later requests that day reuse it at no cost, and a new one is refused when the
/// day's budget would be exceeded. Another tenant's figures reach the caller only through the noised release.
/// </summary>
public sealed class PeerBenchmarkService(
    IPeerBenchmarkLedger ledger, IAlertStore alerts, PeerBenchmarkOptions options, DiscreteLaplaceSampler sampler, TimeProvider time, ILogger<PeerBenchmarkService> logger)
{
    /// <summary>At most this many rule kinds in one request.</summary>
    public const int MaxRuleKinds = 20;

    private readonly SemaphoreSlim _inputsGate = new(1, 1);
    private DayInputs? _inputs;

    /// <summary>
    /// Every tenant's alerts per rule kind and records in the window, read once per UTC day in this process (a full read
    /// of the window's alerts and a count over the journal): the day's releases and every caller's own figures use the
    /// same counts, so a tenant's own rate is as of the day's first request, consistent with the release beside it.
    /// </summary>
    private async Task<(Dictionary<(string Tenant, string RuleKind), long> Counts, IReadOnlyDictionary<string, long> Records)> InputsAsync(
        string day, DateTimeOffset windowStart, CancellationToken ct)
    {
        if (_inputs is { } cached && cached.Day == day)
            return (cached.Counts, cached.Records);
        await _inputsGate.WaitAsync(ct);
        try
        {
            if (_inputs is { } again && again.Day == day)
                return (again.Counts, again.Records);
            var counts = new Dictionary<(string Tenant, string RuleKind), long>();
            string? cursor = null;
            do
            {
                var page = await alerts.QueryAsync(new AlertQuery { Since = windowStart, PageSize = Paging.MaxPageSize, Cursor = cursor }, ct);
                foreach (var a in page.Items.Where(a => a.FirstSeen >= windowStart && a.Kind is AlertKind.Rule or AlertKind.Model))
                    counts[(a.Tenant, a.RuleKind)] = counts.GetValueOrDefault((a.Tenant, a.RuleKind)) + 1;
                cursor = page.NextCursor;
            } while (cursor is not null);
            var records = await ledger.RecordsByTenantSinceAsync(windowStart, ct);
            _inputs = new DayInputs(day, counts, records);
            logger.LogInformation("Peer benchmark inputs of {Day}: {Tenants} tenants with records, {Pairs} (tenant, rule kind) alert counts", day, records.Count, counts.Count);
            return (counts, records);
        }
        finally
        {
            _inputsGate.Release();
        }
    }

    private sealed record DayInputs(string Day, Dictionary<(string Tenant, string RuleKind), long> Counts, IReadOnlyDictionary<string, long> Records);

    public async Task<PeerBenchmarkAnswer> GetAsync(string tenant, IReadOnlyList<string>? ruleKinds, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var windowStart = now.AddDays(-options.WindowDays);
        using var activity = ComplianceTelemetry.Source.StartActivity("peer-benchmarks.get");
        activity?.SetTag("lepton.tenant", tenant);

        var (counts, records) = await InputsAsync(day, windowStart, ct);

        var kinds = (ruleKinds is { Count: > 0 } ? ruleKinds : counts.Keys.Where(k => k.Tenant == tenant).Select(k => k.RuleKind))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxRuleKinds).ToList();
        var items = new List<PeerComparison>();
        var refused = new List<PeerRefusal>();
        var epsilonMicros = PeerBenchmarkOptions.ToMicros(options.EpsilonPerRelease);
        var dailyMicros = PeerBenchmarkOptions.ToMicros(options.DailyEpsilon);
        var spent = await ledger.SpentMicrosAsync(day, ct);
        foreach (var kind in kinds)
        {
            var release = await ledger.GetReleaseAsync(day, kind, ct) is { } stored
                ? JsonSerializer.Deserialize<PeerBenchmarkRelease>(stored, ComplianceJson.Options)!
                : null;
            if (release is null)
            {
                var activityOfKind = records.Select(r => new TenantRuleActivity(r.Key, r.Value, counts.GetValueOrDefault((r.Key, kind)))).ToList();
                var fresh = PeerBenchmarkReleaser.Release(kind, day, now, activityOfKind, options, sampler);
                var outcome = await ledger.TryReleaseAsync(day, kind, epsilonMicros, dailyMicros, JsonSerializer.Serialize(fresh, ComplianceJson.Options), now, ct);
                spent = outcome.SpentMicros;
                if (outcome.Document is null)
                {
                    ComplianceTelemetry.Releases.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
                    logger.LogWarning("Peer benchmark for {RuleKind} refused: the privacy budget of {Day} is spent ({Spent} of {Daily} micro-epsilon)", kind, day, spent, dailyMicros);
                    refused.Add(new PeerRefusal(kind,
                        $"the privacy budget of {day} is spent: ε {spent / 1e6m} of {options.DailyEpsilon} used, a release needs {options.EpsilonPerRelease}; new releases resume at 00:00 UTC"));
                    continue;
                }
                if (outcome.Released)
                {
                    ComplianceTelemetry.Releases.Add(1, new KeyValuePair<string, object?>("outcome", "released"));
                    ComplianceTelemetry.EpsilonSpentMicros.Add(epsilonMicros);
                }
                release = JsonSerializer.Deserialize<PeerBenchmarkRelease>(outcome.Document, ComplianceJson.Options)!;
            }
            else
            {
                ComplianceTelemetry.Releases.Add(1, new KeyValuePair<string, object?>("outcome", "reused"));
            }
            var own = new TenantRuleActivity(tenant, records.GetValueOrDefault(tenant), counts.GetValueOrDefault((tenant, kind)));
            items.Add(PeerComparison.For(own, release, options.BucketEdgesPerThousand, options.RateCapPerThousand));
        }
        return new PeerBenchmarkAnswer(day, options.EpsilonPerRelease, options.DailyEpsilon, spent / 1_000_000m, options.WindowDays, items, refused);
    }
}
