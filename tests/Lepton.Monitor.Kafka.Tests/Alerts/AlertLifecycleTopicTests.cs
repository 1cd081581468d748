using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Kafka.Tests.Support;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Kafka.Tests.Alerts;

/// <summary>
/// The alert topic carries lifecycle changes (#14 item 7): acknowledging (POST /v1/alerts/{id}/acknowledge) publishes <c>lepton.alert.updated</c>,
/// resolving <c>lepton.alert.resolved</c>, each with the alert's new version; a new alert a silence suppresses
/// publishes nothing.
/// </summary>
public sealed class AlertLifecycleTopicTests
{
    private static AlertCandidate Candidate(string fingerprint, string recordId, string entity) =>
        new(KafkaHost.Tenant, "US", AlertKind.Rule, "us-cash-ctr", "threshold", Severity.High, fingerprint, entity, recordId,
            new DateTimeOffset(2026, 11, 22, 14, 0, 0, TimeSpan.Zero), null, null,
            new AlertExplanation("cash 12,500.00 USD ≥ 10,000.00 USD", new RuleReference("us-cash-ctr", "threshold", "31 CFR 1010.311"),
                [new ExplanationValue("amountInPackCurrency", 12500.00m, ">=", 10000.0m)], null),
            DateTimeOffset.UtcNow);

    [Fact]
    public async Task Acknowledge_and_resolve_are_published_with_the_new_version_and_a_suppressed_new_alert_is_not()
    {
        using var cluster = new MockKafkaCluster();
        using var data = new TempFolder();
        await KafkaHost.CreateTenantAsync(data.Path);
        await using var host = await LeptonTestHost.StartAsync(data.Path,
            "--Lepton:Kafka:BootstrapServers", cluster.BootstrapServers, "--Lepton:Kafka:ConsumerEnabled", "false");
        var store = host.App.Services.GetRequiredService<IAlertStore>();

        // A silence on one entity: its new alert is stored suppressed, and told to no subscriber.
        var silence = await host.Admin.PostAsJsonAsync("/v1/silences", new
        {
            tenant = KafkaHost.Tenant,
            matchers = new[] { new { name = "entity", value = "hm_quiet", isRegex = false, isEqual = true } },
            startsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
            createdBy = "analyst@test",
            comment = "known noisy entity",
        });
        Assert.True(silence.StatusCode == HttpStatusCode.Created, await silence.Content.ReadAsStringAsync());
        var quiet = Assert.Single((await store.UpsertAsync([Candidate("fp-quiet", "r-quiet", "hm_quiet")])).Created);
        Assert.Equal(AlertStatus.Suppressed, quiet.Status);

        var raised = Assert.Single((await store.UpsertAsync([Candidate("fp-loud", "r-loud", "hm_loud")])).Created);
        // Through the action routes, each with the version the caller saw.
        var acknowledged = await host.Admin.PostAsJsonAsync($"/v1/alerts/{raised.Id}/acknowledge", new { version = raised.Version });
        Assert.True(acknowledged.StatusCode == HttpStatusCode.OK, await acknowledged.Content.ReadAsStringAsync());
        var resolved = await host.Admin.PostAsJsonAsync($"/v1/alerts/{raised.Id}/resolve", new { version = raised.Version + 1, disposition = "true-positive" });
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());

        var outbox = host.App.Services.GetRequiredService<IAlertOutbox>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await outbox.CountAsync() > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50); // every message acknowledged by the broker
        Assert.Equal(0, await outbox.CountAsync());

        // One partition (the key is the tenant) in commit order: had the suppressed alert been published, it would be
        // among the first three messages, ahead of the other alert's.
        var events = cluster.ReadAll("alerts", 3, TimeSpan.FromSeconds(20))
            .Select(e => (Key: Encoding.UTF8.GetString(e.Message.Key!), CloudEvent: JsonNode.Parse(e.Message.Value)!.AsObject()))
            .ToList();
        Assert.DoesNotContain(events, e => e.CloudEvent.Text("subject") == quiet.Id);
        var lifecycle = events.Where(e => e.CloudEvent.Text("subject") == raised.Id).Select(e => e.CloudEvent)
            .OrderBy(e => e["data"]!["version"]!.GetValue<long>()).ToList();
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal(KafkaHost.Tenant, e.Key));
        Assert.Equal(["lepton.alert.raised", "lepton.alert.updated", "lepton.alert.resolved"], lifecycle.Select(e => e.Text("type")));
        Assert.Equal([raised.Version, raised.Version + 1, raised.Version + 2], lifecycle.Select(e => e["data"]!["version"]!.GetValue<long>()));
        Assert.Equal(["open", "acknowledged", "resolved"], lifecycle.Select(e => e["data"]!.AsObject().Text("status")));
        Assert.Equal("true-positive", lifecycle[2]["data"]!.AsObject().Text("disposition"));
        // The resolved event carries the alert exactly as GET /v1/alerts/{id} now serves it.
        var served = JsonNode.Parse(await host.Admin.GetStringAsync($"/v1/alerts/{raised.Id}"))!;
        Assert.True(JsonNode.DeepEquals(served, lifecycle[2]["data"]), $"{served.ToJson()}\n!=\n{lifecycle[2]["data"]!.ToJson()}");
    }
}
