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

    public async Task<PeerBenchmarkAnswer> GetAsync(string tenant, IReadOnlyList<string>? ruleKinds, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var windowStart = now.AddDays(-options.WindowDays);
        using var activity = ComplianceTelemetry.Source.StartActivity("peer-benchmarks.get");
        activity?.SetTag("lepton.tenant", tenant);

        // Everyone's alerts of the window, counted per (tenant, rule kind): the raw input, kept in this method only.
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
