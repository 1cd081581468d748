using System.Text.Json.Nodes;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>GET /v1/alerts/stream over real HTTP: what arrives, in which order, and resuming after a dropped connection.</summary>
[Collection(StreamHostCollection.Name)]
public sealed class AlertStreamDeliveryTests(StreamHostFixture fixture)
{
    private LeptonTestHost Host => fixture.Host;
    private StreamAlerts Alerts => fixture.Alerts;

    private async Task<JsonObject> GetAlertAsync(string id) =>
        JsonNode.Parse(await Host.Admin.GetStringAsync($"/v1/alerts/{id}"))!.AsObject();

    [Fact]
    public async Task Events_arrive_in_order_with_monotonic_ids_their_types_and_the_alert_as_GET_served_it_at_that_version()
    {
        await using var sse = await SseStream.OpenAsync(Host.Admin, "/v1/alerts/stream?tenant=order");
        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);
        Assert.True(sse.Response.Headers.CacheControl?.NoCache);
        Assert.Equal("no", Assert.Single(sse.Response.Headers.GetValues("X-Accel-Buffering")));

        // Each change, then the alert as GET serves it right after (its version at that moment).
        var served = new List<JsonObject>();
        var x = await Alerts.UpsertAsync("order", "fp-x", "r-1");
        served.Add(await GetAlertAsync(x.Id));
        x = await Alerts.UpsertAsync("order", "fp-x", "r-2");
        served.Add(await GetAlertAsync(x.Id));
        var y = await Alerts.UpsertAsync("order", "fp-y", "r-3");
        served.Add(await GetAlertAsync(y.Id));
        x = await Alerts.AcknowledgeAsync(x);
        served.Add(await GetAlertAsync(x.Id));
        y = await Alerts.ResolveAsync(y);
        served.Add(await GetAlertAsync(y.Id));

        var events = await sse.ReadEventsAsync(5);

        Assert.Equal(["alert.raised", "alert.updated", "alert.raised", "alert.updated", "alert.resolved"], events.Select(e => e.Event));
        var seqs = events.Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        for (var i = 0; i < events.Count; i++)
            Assert.True(JsonNode.DeepEquals(served[i], events[i].Json), $"event {i}: {events[i].Data}\n!=\n{served[i].ToJson()}");
        Assert.Equal([1L, 2L, 1L, 3L, 2L], events.Select(e => e.Json["version"]!.GetValue<long>()));
        Assert.DoesNotContain('\n', events[0].Data!); // one data: line
    }

    [Fact]
    public async Task A_record_that_trips_a_rule_arrives_as_alert_raised()
    {
        await using var sse = await SseStream.OpenAsync(Host.Admin, "/v1/alerts/stream?tenant=records");
        using var ingest = Host.Client(await Host.Admin.CreateKeyAsync("ingest", "records"));
        var record = """{"id":"rec-1","tenant":"records","timestamp":"2026-11-22T14:00:00Z","amount":50000,"currency":"USD","channel":"cash","originator":{"account":"A-1","name":"N","country":"US","customerId":"C-1"}}""";
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await ingest.PostRecordsAsync(record)).Status);

        var raised = (await sse.ReadEventsAsync(1))[0];

        Assert.Equal("alert.raised", raised.Event);
        Assert.Contains("rec-1", raised.Json.RecordIds());
        Assert.True(JsonNode.DeepEquals(await GetAlertAsync(raised.Json.Text("id")), raised.Json));
    }

    [Fact]
    public async Task A_dropped_stream_resumed_with_Last_Event_ID_gets_exactly_the_missed_events()
    {
        string lastSeen;
        await using (var first = await SseStream.OpenAsync(Host.Admin, "/v1/alerts/stream?tenant=resume"))
        {
            for (var i = 1; i <= 3; i++)
                await Alerts.UpsertAsync("resume", $"fp-{i}", $"r-{i}");
            var seen = await first.ReadEventsAsync(3);
            lastSeen = seen[^1].Id!;
            Assert.Equal(lastSeen, first.LastEventId);
        } // the connection drops here

        for (var i = 4; i <= 6; i++)
            await Alerts.UpsertAsync("resume", $"fp-{i}", $"r-{i}");
        var missed = await Alerts.Log.ReadAfterAsync(long.Parse(lastSeen), 100, new AlertEventFilter { Tenant = "resume" });
        Assert.Equal(3, missed.Count);

        await using var resumed = await SseStream.OpenAsync(Host.Admin, "/v1/alerts/stream?tenant=resume", lastEventId: lastSeen);
        var replayed = await resumed.ReadEventsAsync(3);
        Assert.Equal(missed.Select(e => e.Seq), replayed.Select(e => e.Seq));
        Assert.Equal(missed.Select(e => e.AlertId), replayed.Select(e => e.Json.Text("id")));
        // Then live, without repeating anything.
        var live = await Alerts.UpsertAsync("resume", "fp-7", "r-7");
        var next = (await resumed.ReadEventsAsync(1))[0];
        Assert.Equal(live.Id, next.Json.Text("id"));
        Assert.True(next.Seq > replayed[^1].Seq);

        // A client that cannot set headers resumes with the lastEventId query parameter.
        await using var byQuery = await SseStream.OpenAsync(Host.Admin, $"/v1/alerts/stream?tenant=resume&lastEventId={replayed[0].Id}");
        Assert.Equal([replayed[1].Seq, replayed[2].Seq, next.Seq], (await byQuery.ReadEventsAsync(3)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Since_starts_at_the_first_event_at_or_after_it()
    {
        await Alerts.UpsertAsync("loud", "fp-old", "r-old");
        await Task.Delay(50); // distinct commit times either side of `since`
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var newer = await Alerts.UpsertAsync("loud", "fp-new", "r-new");

        await using var sse = await SseStream.OpenAsync(Host.Admin, $"/v1/alerts/stream?tenant=loud&since={Uri.EscapeDataString(since.ToString("O"))}");

        Assert.Equal(newer.Id, (await sse.ReadEventsAsync(1))[0].Json.Text("id"));
    }

    [Fact]
    public async Task Heartbeats_keep_an_idle_stream_alive_and_move_its_id_past_events_it_does_not_match()
    {
        await using var sse = await SseStream.OpenAsync(Host.Admin, "/v1/alerts/stream?tenant=quiet");
        var heartbeat = await sse.ReadFrameAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["heartbeat"], heartbeat.Comments);
        Assert.False(heartbeat.IsEvent);

        // Another tenant's change: this stream does not carry it, but its next heartbeat says it is past it, so a
        // client idle for longer than the retention window resumes without a false gap.
        await Alerts.UpsertAsync("loud", "fp-hb", "r-hb");
        var head = await Alerts.Log.LastSeqAsync();
        SseFrame frame;
        do
            frame = await sse.ReadFrameAsync(TimeSpan.FromSeconds(10));
        while (frame.Id is null);
        Assert.False(frame.IsEvent);
        Assert.Equal(["heartbeat"], frame.Comments);
        Assert.Equal(head, frame.Seq);
    }
}
