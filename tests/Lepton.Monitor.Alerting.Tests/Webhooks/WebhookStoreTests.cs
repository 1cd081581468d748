using System.Text.Json.Nodes;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

/// <summary>The store on a real SQLite file: fan-out idempotence, attempt records, disabling, and durable groups.</summary>
public sealed class WebhookStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-03T12:00:00Z");
    private readonly TempFolder _data = new();
    private readonly LeptonDatabase _db;
    private readonly WebhookTestClock _clock = new(Start);
    private readonly SqliteWebhookStore _store;

    public WebhookStoreTests()
    {
        _db = LeptonDatabase.Open(_data.Path, createIfEmpty: true);
        _store = new SqliteWebhookStore(_db, _clock);
    }

    public void Dispose()
    {
        _db.Dispose();
        _data.Dispose();
    }

    private Task<WebhookSubscription> Subscribe(string tenant = "acme", string[]? types = null, WebhookGrouping? group = null) =>
        _store.CreateAsync(new NewWebhookSubscription(tenant, "https://hooks.example.com", new WebhookFilter(), types ?? [.. WebhookEventTypes.Default],
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "test", group));

    private static PlannedDelivery Planned(string subscriptionId, long seq) =>
        new(subscriptionId, "acme", seq, $"al-{seq}", AlertEventTypes.Raised, Start, WebhookPayload.Create(AlertEventTypes.Raised, Start, "{}"));

    [Fact]
    public async Task A_fan_out_from_a_stale_cursor_writes_nothing_and_a_change_is_never_delivered_twice()
    {
        var sub = await Subscribe();
        Assert.True(await _store.FanOutAsync(0, 5, [Planned(sub.Id, 5)]));
        Assert.Equal(5, await _store.DispatchedSeqAsync());

        // A pass that read the cursor before the last one moved it (or a crash replaying the same batch): refused.
        Assert.False(await _store.FanOutAsync(0, 5, [Planned(sub.Id, 5)]));
        // Even with the right cursor, the same change for the same subscription makes no second delivery.
        Assert.True(await _store.FanOutAsync(5, 6, [Planned(sub.Id, 5)]));

        var delivery = Assert.Single((await _store.ListDeliveriesAsync(sub.Id, null, 50, null)).Items);
        Assert.StartsWith("msg_", delivery.Id);
        Assert.Equal(6, await _store.DispatchedSeqAsync());
    }

    [Fact]
    public async Task Deliveries_for_deleted_subscriptions_are_not_made_and_delete_takes_the_log_along()
    {
        var sub = await Subscribe();
        Assert.True(await _store.FanOutAsync(0, 1, [Planned(sub.Id, 1)]));
        Assert.True(await _store.DeleteAsync(sub.Id));
        Assert.True(await _store.FanOutAsync(1, 2, [Planned(sub.Id, 2)]));

        Assert.Empty((await _store.ListDeliveriesAsync(sub.Id, null, 50, null)).Items);
        Assert.Equal(0, await _store.PendingCountAsync());
    }

    [Fact]
    public async Task Attempts_are_recorded_and_the_failing_streak_ends_with_a_success()
    {
        var sub = await Subscribe();
        await _store.FanOutAsync(0, 1, [Planned(sub.Id, 1)]);
        var due = Assert.Single(await _store.DueAsync(Start, 10));

        var retryAt = Start.AddSeconds(5);
        Assert.True(await _store.RecordAsync(new DeliveryResult(due.Id, sub.Id, new WebhookAttempt(Start, 500, null, 12), DeliveryNext.Retry, retryAt)));
        Assert.Empty(await _store.DueAsync(Start.AddSeconds(4), 10));
        var again = Assert.Single(await _store.DueAsync(retryAt, 10));
        Assert.Equal(1, again.RoundAttempts);
        Assert.Equal(Start, again.FailingSince);

        Assert.True(await _store.RecordAsync(new DeliveryResult(due.Id, sub.Id, new WebhookAttempt(retryAt, 204, null, 8), DeliveryNext.Delivered)));
        var delivered = Assert.Single((await _store.ListDeliveriesAsync(sub.Id, WebhookDeliveryStates.Delivered, 50, null)).Items);
        Assert.Equal([500, 204], delivered.Attempts.Select(a => a.StatusCode!.Value));
        Assert.Null((await _store.GetAsync(sub.Id))!.FailingSince);
        Assert.Equal(retryAt, (await _store.GetAsync(sub.Id))!.LastSuccessAt);
    }

    [Fact]
    public async Task Disabling_kills_waiting_deliveries_audits_and_notifies_the_tenants_listeners_only()
    {
        var failing = await Subscribe();
        var listener = await Subscribe(types: [WebhookEventTypes.EndpointDisabled]);
        var deaf = await Subscribe();
        var otherTenant = await Subscribe("globex", types: [WebhookEventTypes.EndpointDisabled]);
        await _store.FanOutAsync(0, 2, [Planned(failing.Id, 1), Planned(failing.Id, 2)]);
        var first = (await _store.DueAsync(Start, 10)).First(d => d.SubscriptionId == failing.Id);

        await _store.RecordAsync(new DeliveryResult(first.Id, failing.Id, new WebhookAttempt(Start, 410, null, 3), DeliveryNext.Dead, DisableReason: "410 Gone"));

        var disabled = (await _store.GetAsync(failing.Id))!;
        Assert.False(disabled.Enabled);
        Assert.Equal("410 Gone", disabled.DisabledReason);
        Assert.Equal(2, (await _store.ListDeliveriesAsync(failing.Id, WebhookDeliveryStates.Dead, 50, null)).Items.Count);
        var notice = Assert.Single(await _store.DueAsync(Start, 10));
        Assert.Equal(listener.Id, notice.SubscriptionId);
        var data = JsonNode.Parse(notice.Body)!["data"]!.AsObject();
        Assert.Equal(failing.Id, data["subscriptionId"]!.GetValue<string>());
        Assert.Empty((await _store.ListDeliveriesAsync(deaf.Id, null, 50, null)).Items);
        Assert.Empty((await _store.ListDeliveriesAsync(otherTenant.Id, null, 50, null)).Items);
        var audit = await new SqliteAuditLog(_db).ListForTargetAsync($"subscription/{failing.Id}", "acme", 10);
        Assert.Equal("subscription.disabled", Assert.Single(audit).Action);
    }

    [Fact]
    public async Task A_group_waits_then_sends_its_alerts_together_then_respects_interval_and_repeat()
    {
        var grouping = new WebhookGrouping(["ruleId"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));
        var sub = await Subscribe(group: grouping);
        GroupChange Change(string alertId, string status = "open", bool remove = false) =>
            new(sub.Id, "acme", "{ruleId=\"r\"}", alertId, $$"""{"id":"{{alertId}}","status":"{{status}}"}""", remove);
        async Task<List<JsonObject>> Flush()
        {
            await _store.FlushGroupsAsync();
            var due = await _store.DueAsync(_clock.GetUtcNow(), 10);
            foreach (var d in due)
                await _store.RecordAsync(new DeliveryResult(d.Id, sub.Id, new WebhookAttempt(_clock.GetUtcNow(), 200, null, 1), DeliveryNext.Delivered));
            return [.. due.Select(d => JsonNode.Parse(d.Body)!.AsObject())];
        }
        static string[] Ids(JsonObject body) => [.. body["data"]!["alerts"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).Order()];

        await _store.FanOutAsync(0, 1, [], [Change("al-1")]);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await _store.FanOutAsync(1, 2, [], [Change("al-2")]);
        Assert.Empty(await Flush()); // 10 s of the 30 s wait

        _clock.Advance(TimeSpan.FromSeconds(20));
        var first = Assert.Single(await Flush());
        Assert.Equal(WebhookGrouping.GroupType, first["type"]!.GetValue<string>());
        Assert.Equal("{ruleId=\"r\"}", first["data"]!["groupKey"]!.GetValue<string>());
        Assert.Equal(["al-1", "al-2"], Ids(first));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await _store.FanOutAsync(2, 3, [], [Change("al-3")]);
        Assert.Empty(await Flush()); // changed, but the interval since the last send has not passed
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(["al-1", "al-2", "al-3"], Ids(Assert.Single(await Flush())));

        _clock.Advance(TimeSpan.FromHours(3));
        Assert.Empty(await Flush()); // unchanged: only the repeat interval sends it again
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Single(await Flush());

        // Resolutions sent at once leave the group; when none is left the group is gone.
        await _store.FanOutAsync(3, 4, [], [Change("al-1", remove: true), Change("al-2", remove: true), Change("al-3", remove: true)]);
        _clock.Advance(TimeSpan.FromHours(5));
        Assert.Empty(await Flush());
    }
}
