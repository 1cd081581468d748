using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Kafka.Tests.Support;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Kafka.Tests.Alerts;

/// <summary>The alert topic read back with a plain consumer: one CloudEvents 1.0 envelope per new or changed alert.</summary>
public sealed class AlertTopicTests
{
    private static Message<byte[]?, byte[]?> Cash(string id, string account) => new()
    {
        Key = "acme"u8.ToArray(),
        Value = Encoding.UTF8.GetBytes("""{"id":"ID","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":40000,"currency":"USD","channel":"cash","originator":{"account":"ACC","name":"N","country":"US","customerId":"C-ACC"}}""".Replace("ID", id).Replace("ACC", account)),
    };

    [Fact]
    public async Task Every_new_or_changed_alert_is_published_as_a_CloudEvent_keyed_by_tenant()
    {
        using var cluster = new MockKafkaCluster();
        using var data = new TempFolder();
        // Two entities; the second record of entity A hits the same fingerprints, so those alerts change (count 2).
        await cluster.ProduceAsync(KafkaHost.Topic, [Cash("r-1", "A"), Cash("r-2", "B"), Cash("r-3", "A")], partition: 0);
        await KafkaHost.CreateTenantAsync(data.Path);

        await using var host = await KafkaHost.StartAsync(data.Path, cluster, "g-alerts", "--Lepton:Kafka:BatchSize", "1", "--Lepton:Kafka:MaxInFlightBatchesPerPartition", "1");
        await cluster.WaitForCommittedAsync(KafkaHost.Topic, "g-alerts", 3, TimeSpan.FromSeconds(30));
        await host.WaitForIdleAsync();
        var alerts = (await host.Admin.GetAllAsync("/v1/alerts?tenant=acme")).ToDictionary(a => a.Text("id"));
        Assert.NotEmpty(alerts);
        var expectedEvents = alerts.Values.Sum(a => a["count"]!.GetValue<int>()); // one raise + one update per further record

        var outbox = host.App.Services.GetRequiredService<IAlertOutbox>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await outbox.CountAsync() > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50); // drained: every row acknowledged by the broker and deleted
        Assert.Equal(0, await outbox.CountAsync());

        var events = cluster.ReadAll("alerts", expectedEvents, TimeSpan.FromSeconds(20));
        Assert.Equal(expectedEvents, events.Count);
        var ids = new HashSet<string>();
        var lastBySubject = new Dictionary<string, JsonObject>();
        foreach (var e in events.OrderBy(e => e.Offset.Value))
        {
            Assert.Equal("acme", Encoding.UTF8.GetString(e.Message.Key!));
            Assert.True(e.Message.Headers.TryGetLastBytes("content-type", out var ct));
            Assert.StartsWith("application/cloudevents+json", Encoding.ASCII.GetString(ct));
            var ce = JsonNode.Parse(e.Message.Value)!.AsObject();
            Assert.Equal("1.0", ce.Text("specversion"));
            Assert.Contains(ce.Text("type"), new[] { "lepton.alert.raised", "lepton.alert.updated" });
            Assert.True(ids.Add(ce.Text("id")), "event ids are unique");
            Assert.Equal("application/json", ce.Text("datacontenttype"));
            Assert.True(DateTimeOffset.TryParse(ce.Text("time"), out _));
            var alert = ce["data"]!.AsObject();
            Assert.Equal(alert.Text("id"), ce.Text("subject"));
            Assert.Equal($"/lepton-monitor/acme/{alert.Text("jurisdiction")}", ce.Text("source"));
            Assert.Equal(alert["count"]!.GetValue<int>() == 1 ? "lepton.alert.raised" : "lepton.alert.updated", ce.Text("type"));
            lastBySubject[ce.Text("subject")] = alert;
        }
        // The last event of each alert carries it exactly as GET /v1/alerts serves it.
        Assert.Equal(alerts.Keys.Order(), lastBySubject.Keys.Order());
        foreach (var (id, alert) in alerts)
            Assert.True(JsonNode.DeepEquals(alert, lastBySubject[id]), $"{alert.ToJson()}\n!=\n{lastBySubject[id].ToJson()}");
    }

    [Fact]
    public async Task Alerts_wait_in_the_outbox_while_the_broker_is_unreachable_and_ingest_is_not_blocked()
    {
        using var data = new TempFolder();
        using var failures = new MeterWatch(KafkaTelemetry.Name, "lepton.kafka.alert_publish_failures");
        // A port nothing listens on: every delivery fails, the rows must stay.
        var nowhere = $"127.0.0.1:{LeptonTestHost.FreePort()}";
        await using var host = await LeptonTestHost.StartAsync(data.Path,
            "--Lepton:Kafka:BootstrapServers", nowhere, "--Lepton:Kafka:ConsumerEnabled", "false",
            "--Lepton:Kafka:Settings:message.timeout.ms", "500");
        await host.Admin.CreateTenantAsync("acme", KafkaHost.Jurisdictions);
        var (status, _) = await host.Admin.PostRecordsAsync(Encoding.UTF8.GetString(Cash("r-1", "A").Value!));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, status);
        await host.WaitForIdleAsync(); // the grains finished: publishing did not hold them up

        var alerts = await host.Admin.GetAllAsync("/v1/alerts?tenant=acme");
        Assert.NotEmpty(alerts);
        // A failed delivery round observed, not slept for: every alert event was sent and not acknowledged.
        await failures.WaitForAtLeastAsync(alerts.Count, TimeSpan.FromSeconds(30));
        var outbox = host.App.Services.GetRequiredService<IAlertOutbox>();
        Assert.Equal(alerts.Count, await outbox.CountAsync());
        var rows = await outbox.PeekAsync(100);
        Assert.Equal(alerts.Select(a => a.Text("id")).Order(), rows.Select(r => JsonNode.Parse(r.Payload)!["subject"]!.GetValue<string>()).Order());
        Assert.Empty(await outbox.ListParkedAsync(10)); // an unreachable broker is an outage: nothing is charged or parked
    }
    [Fact]
    public async Task An_alert_event_the_broker_keeps_refusing_is_parked_counted_and_reported_by_health_ready()
    {
        using var cluster = new MockKafkaCluster();
        using var data = new TempFolder();
        using var parked = new MeterWatch(OutboxTelemetry.Name, "lepton.outbox.parked");
        // The producer refuses messages over 1,000 bytes (MsgSizeTooLarge), as a broker refuses one event for itself; the
        // structuring alert below lists four 250-character record ids, so its events are that large.
        await using var host = await LeptonTestHost.StartAsync(data.Path,
            "--Lepton:Kafka:BootstrapServers", cluster.BootstrapServers, "--Lepton:Kafka:ConsumerEnabled", "false",
            "--Lepton:Kafka:Settings:message.max.bytes", "1000",
            "--Lepton:Outbox:MaxAttempts", "2", "--Lepton:Outbox:FirstRetryDelay", "00:00:00.050");
        await host.Admin.CreateTenantAsync("acme", KafkaHost.Jurisdictions);
        var deposits = string.Join('\n', Enumerable.Range(0, 4).Select(i => Encoding.UTF8.GetString(Cash($"s-{i}-" + new string('x', 240), "S").Value!)
            .Replace("\"amount\":40000", "\"amount\":9000").Replace("14:00:00Z", $"1{i}:00:00Z")));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await host.Admin.PostRecordsAsync(deposits)).Status);

        var outbox = host.App.Services.GetRequiredService<IAlertOutbox>();
        try
        {
            await parked.WaitForAtLeastAsync(1, TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            var rows = await outbox.PeekAsync(10);
            Assert.Fail($"nothing parked; outbox: {string.Join(", ", rows.Select(r => $"{r.EventId} {r.Payload.Length} B attempts {r.Attempts}"))}");
        }

        var first = (await outbox.ListParkedAsync(10))[0];
        Assert.Equal(("acme", 2), (first.Key, first.Attempts));
        Assert.Contains("MsgSizeTooLarge", first.LastError);
        var ready = JsonNode.Parse(await host.Admin.GetStringAsync("/health/ready"))!.AsObject();
        Assert.Equal("degraded", ready.Text("status"));
        Assert.Contains(ready["degraded"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "alert-outbox-kafka");

        // An operator lists them and puts them back in line (they will be refused again here, and parked again).
        var listed = JsonNode.Parse(await host.Admin.GetStringAsync("/v1/alerts/outbox/parked"))!["items"]!.AsArray();
        Assert.Contains(listed, e => e!["eventId"]!.GetValue<string>() == first.EventId && e["lastError"]!.GetValue<string>().Contains("MsgSizeTooLarge"));
        var replay = await host.Admin.PostAsync("/v1/alerts/outbox/replay", System.Net.Http.Json.JsonContent.Create(new { seqs = new[] { first.Seq } }));
        Assert.Equal(System.Net.HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(1, JsonNode.Parse(await replay.Content.ReadAsStringAsync())!["replayed"]!.GetValue<int>());
        using var anonymous = host.Client(null);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/alerts/outbox/parked")).StatusCode);
    }
}
