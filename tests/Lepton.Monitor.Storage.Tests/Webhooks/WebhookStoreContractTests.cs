using System.Text.Json.Nodes;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// What every <see cref="IWebhookStore"/> must do: fan-out idempotence, attempt records, disabling, durable groups,
/// the subscription list and replays. Each backend's subclass runs these against its own fresh database (SQLite:
/// <see cref="SqliteWebhookStoreTests"/>; PostgreSQL: <see cref="PostgresWebhookStoreTests"/>).
/// </summary>
public abstract class WebhookStoreContractTests
{
    protected static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-03T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    protected ManualTimeProvider Clock { get; } = new(Start);

    /// <summary>A new store over this test's database (several may be open at once, as several processes would be); reads <see cref="Clock"/>.</summary>
    protected abstract Task<IWebhookStore> OpenStoreAsync();

    /// <summary>The audit log's actions for <paramref name="target"/> within <paramref name="tenant"/>, oldest first.</summary>
    protected abstract Task<IReadOnlyList<string>> AuditActionsAsync(string target, string tenant);

    protected static Task<WebhookSubscription> Subscribe(IWebhookStore store, string tenant = "acme", string[]? types = null, WebhookGrouping? group = null,
        string url = "https://hooks.example.com") =>
        store.CreateAsync(new NewWebhookSubscription(tenant, url, new WebhookFilter(), types ?? [.. WebhookEventTypes.Default],
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "test", group));

    protected static PlannedDelivery Planned(string subscriptionId, long seq, DateTimeOffset? at = null) =>
        new(subscriptionId, "acme", seq, $"al-{seq}", AlertEventTypes.Raised, at ?? Start, WebhookPayload.Create(AlertEventTypes.Raised, at ?? Start, "{}"));

    [Fact]
    public async Task A_fan_out_from_a_stale_cursor_writes_nothing_and_a_change_is_never_delivered_twice()
    {
        var store = await OpenStoreAsync();
        var sub = await Subscribe(store);
        Assert.True(await store.FanOutAsync(0, 5, [Planned(sub.Id, 5)]));
        Assert.Equal(5, await store.DispatchedSeqAsync());

        // A pass that read the cursor before the last one moved it (or a crash replaying the same batch): refused.
        Assert.False(await store.FanOutAsync(0, 5, [Planned(sub.Id, 5)]));
        // Even with the right cursor, the same change for the same subscription makes no second delivery.
        Assert.True(await store.FanOutAsync(5, 6, [Planned(sub.Id, 5)]));

        var delivery = Assert.Single((await store.ListDeliveriesAsync(sub.Id, null, 50, null)).Items);
        Assert.StartsWith("msg_", delivery.Id);
        Assert.Equal((5L, "al-5", WebhookDeliveryStates.Pending), (delivery.EventSeq!.Value, delivery.AlertId, delivery.State));
        Assert.Equal(6, await (await OpenStoreAsync()).DispatchedSeqAsync());
    }

    [Fact]
    public async Task Deliveries_for_deleted_subscriptions_are_not_made_and_delete_takes_the_log_along()
    {
        var store = await OpenStoreAsync();
        var sub = await Subscribe(store);
        Assert.True(await store.FanOutAsync(0, 1, [Planned(sub.Id, 1)]));
        Assert.True(await store.DeleteAsync(sub.Id));
        Assert.False(await store.DeleteAsync(sub.Id));
        Assert.True(await store.FanOutAsync(1, 2, [Planned(sub.Id, 2)]));

        Assert.Empty((await store.ListDeliveriesAsync(sub.Id, null, 50, null)).Items);
        Assert.Equal(0, await store.PendingCountAsync());
        Assert.Null(await store.GetAsync(sub.Id));
    }

    [Fact]
    public async Task Attempts_are_recorded_and_the_failing_streak_ends_with_a_success()
    {
        var store = await OpenStoreAsync();
        var sub = await Subscribe(store);
        await store.FanOutAsync(0, 1, [Planned(sub.Id, 1)]);
        Assert.Equal(1, await store.PendingCountAsync());
        var due = Assert.Single(await store.DueAsync(Start, 10));
        Assert.Equal((sub.Id, "acme", "https://hooks.example.com", 0), (due.SubscriptionId, due.Tenant, due.Url, due.RoundAttempts));
        Assert.Equal(Planned(sub.Id, 1).Body, due.Body);

        var retryAt = Start.AddSeconds(5);
        Assert.True(await store.RecordAsync(new DeliveryResult(due.Id, sub.Id, new WebhookAttempt(Start, 500, null, 12), DeliveryNext.Retry, retryAt)));
        Assert.Empty(await store.DueAsync(Start.AddSeconds(4), 10));
        var again = Assert.Single(await store.DueAsync(retryAt, 10));
        Assert.Equal(1, again.RoundAttempts);
        Assert.Equal(Start, again.FailingSince);
        var pending = Assert.Single((await store.ListDeliveriesAsync(sub.Id, WebhookDeliveryStates.Pending, 50, null)).Items);
        Assert.Equal("HTTP 500", pending.LastError);

        Assert.True(await store.RecordAsync(new DeliveryResult(due.Id, sub.Id, new WebhookAttempt(retryAt, 204, null, 8), DeliveryNext.Delivered)));
        var delivered = Assert.Single((await store.ListDeliveriesAsync(sub.Id, WebhookDeliveryStates.Delivered, 50, null)).Items);
        Assert.Equal([500, 204], delivered.Attempts.Select(a => a.StatusCode!.Value));
        Assert.Equal([12L, 8L], delivered.Attempts.Select(a => a.DurationMs));
        Assert.Equal((retryAt, (string?)null, (DateTimeOffset?)null), (delivered.DeliveredAt!.Value, delivered.LastError, delivered.NextAttemptAt));
        var reread = (await (await OpenStoreAsync()).GetAsync(sub.Id))!;
        Assert.Null(reread.FailingSince);
        Assert.Equal(retryAt, reread.LastSuccessAt);
        Assert.Equal(0, await store.PendingCountAsync());
        // The delivery is gone (its subscription deleted): nothing to record.
        await store.DeleteAsync(sub.Id);
        Assert.False(await store.RecordAsync(new DeliveryResult(due.Id, sub.Id, new WebhookAttempt(retryAt, 204, null, 8), DeliveryNext.Delivered)));
    }

    [Fact]
    public async Task Disabling_kills_waiting_deliveries_audits_and_notifies_the_tenants_listeners_only()
    {
        var store = await OpenStoreAsync();
        var failing = await Subscribe(store);
        var listener = await Subscribe(store, types: [WebhookEventTypes.EndpointDisabled]);
        var deaf = await Subscribe(store);
        var otherTenant = await Subscribe(store, "globex", types: [WebhookEventTypes.EndpointDisabled]);
        await store.FanOutAsync(0, 2, [Planned(failing.Id, 1), Planned(failing.Id, 2)]);
        var first = (await store.DueAsync(Start, 10)).First(d => d.SubscriptionId == failing.Id);

        Assert.True(await store.RecordAsync(new DeliveryResult(first.Id, failing.Id, new WebhookAttempt(Start, 410, null, 3), DeliveryNext.Dead,
            DisableReason: "410 Gone")));

        var disabled = (await store.GetAsync(failing.Id))!;
        Assert.False(disabled.Enabled);
        Assert.Equal(("410 Gone", Start), (disabled.DisabledReason, disabled.DisabledAt!.Value));
        Assert.Equal(2, (await store.ListDeliveriesAsync(failing.Id, WebhookDeliveryStates.Dead, 50, null)).Items.Count);
        var notice = Assert.Single(await store.DueAsync(Start, 10));
        Assert.Equal(listener.Id, notice.SubscriptionId);
        var data = JsonNode.Parse(notice.Body)!["data"]!.AsObject();
        Assert.Equal(failing.Id, data["subscriptionId"]!.GetValue<string>());
        Assert.Empty((await store.ListDeliveriesAsync(deaf.Id, null, 50, null)).Items);
        Assert.Empty((await store.ListDeliveriesAsync(otherTenant.Id, null, 50, null)).Items);
        Assert.Equal(["subscription.disabled"], await AuditActionsAsync($"subscription/{failing.Id}", "acme"));
        Assert.DoesNotContain(failing.Id, (await store.ListEnabledAsync()).Select(t => t.Subscription.Id));
        // A disabled endpoint's deliveries are not made any more.
        Assert.True(await store.FanOutAsync(2, 3, [Planned(failing.Id, 3)]));
        Assert.Equal(2, (await store.ListDeliveriesAsync(failing.Id, null, 50, null)).Items.Count);
    }

    [Fact]
    public async Task A_group_waits_then_sends_its_alerts_together_then_respects_interval_and_repeat()
    {
        var store = await OpenStoreAsync();
        var grouping = new WebhookGrouping(["ruleId"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));
        var sub = await Subscribe(store, group: grouping);
        Assert.Equal(grouping.By, (await store.GetAsync(sub.Id))!.Group!.By);
        GroupChange Change(string alertId, string status = "open", bool remove = false) =>
            new(sub.Id, "acme", "{ruleId=\"r\"}", alertId, $$"""{"id":"{{alertId}}","status":"{{status}}"}""", remove);
        async Task<List<JsonObject>> Flush()
        {
            await store.FlushGroupsAsync();
            var due = await store.DueAsync(Clock.GetUtcNow(), 10);
            foreach (var d in due)
                await store.RecordAsync(new DeliveryResult(d.Id, sub.Id, new WebhookAttempt(Clock.GetUtcNow(), 200, null, 1), DeliveryNext.Delivered));
            return [.. due.Select(d => JsonNode.Parse(d.Body)!.AsObject())];
        }
        static string[] Ids(JsonObject body) => [.. body["data"]!["alerts"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).Order()];

        await store.FanOutAsync(0, 1, [], [Change("al-1")]);
        Clock.Advance(TimeSpan.FromSeconds(10));
        await store.FanOutAsync(1, 2, [], [Change("al-2")]);
        Assert.Empty(await Flush()); // 10 s of the 30 s wait

        Clock.Advance(TimeSpan.FromSeconds(20));
        var first = Assert.Single(await Flush());
        Assert.Equal(WebhookGrouping.GroupType, first["type"]!.GetValue<string>());
        Assert.Equal("{ruleId=\"r\"}", first["data"]!["groupKey"]!.GetValue<string>());
        Assert.Equal(["al-1", "al-2"], Ids(first));

        Clock.Advance(TimeSpan.FromMinutes(1));
        await store.FanOutAsync(2, 3, [], [Change("al-3")]);
        Assert.Empty(await Flush()); // changed, but the interval since the last send has not passed
        Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(["al-1", "al-2", "al-3"], Ids(Assert.Single(await Flush())));

        Clock.Advance(TimeSpan.FromHours(3));
        Assert.Empty(await Flush()); // unchanged: only the repeat interval sends it again
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Single(await Flush());

        // A resolved alert is sent once more with its group, then leaves it.
        await store.FanOutAsync(3, 4, [], [Change("al-3", status: "resolved")]);
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["al-1", "al-2", "al-3"], Ids(Assert.Single(await Flush())));
        Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(["al-1", "al-2"], Ids(Assert.Single(await Flush())));

        // Resolutions sent at once leave the group; when none is left the group is gone.
        await store.FanOutAsync(4, 5, [], [Change("al-1", remove: true), Change("al-2", remove: true)]);
        Clock.Advance(TimeSpan.FromHours(5));
        Assert.Empty(await Flush());
    }

    [Fact]
    public async Task An_emptied_group_that_gets_a_new_alert_in_the_same_batch_starts_afresh()
    {
        var store = await OpenStoreAsync();
        var grouping = new WebhookGrouping(["ruleId"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));
        var sub = await Subscribe(store, group: grouping);
        GroupChange Change(string alertId, bool remove = false) =>
            new(sub.Id, "acme", "k", alertId, $$"""{"id":"{{alertId}}","status":"open"}""", remove);
        await store.FanOutAsync(0, 1, [], [Change("al-1")]);
        Clock.Advance(TimeSpan.FromSeconds(20));

        await store.FanOutAsync(1, 2, [], [Change("al-1", remove: true), Change("al-2")]);

        Clock.Advance(TimeSpan.FromSeconds(15)); // 35 s after the first group started, 15 s into the new one's wait
        Assert.Equal(0, await store.FlushGroupsAsync());
        Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(1, await store.FlushGroupsAsync());
        var body = JsonNode.Parse(Assert.Single(await store.DueAsync(Clock.GetUtcNow(), 10)).Body)!;
        Assert.Equal(["al-2"], body["data"]!["alerts"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Subscriptions_are_listed_newest_first_per_tenant_with_cursor_paging_and_secrets_rotate()
    {
        var store = await OpenStoreAsync();
        var a = await Subscribe(store, url: "https://a.example.com");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var b = await Subscribe(store, url: "https://b.example.com");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var c = await Subscribe(store, "globex");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var d = await Subscribe(store, url: "https://d.example.com");

        var first = await store.ListAsync("acme", 2, null);
        Assert.Equal([d.Id, b.Id], first.Items.Select(s => s.Id));
        var second = await store.ListAsync("acme", 2, first.NextCursor);
        Assert.Equal([a.Id], second.Items.Select(s => s.Id));
        Assert.Null(second.NextCursor);
        Assert.Equal([d.Id, c.Id, b.Id, a.Id], (await store.ListAsync(null, 10, null)).Items.Select(s => s.Id));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync(null, 0, null));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync(null, 10, "not a cursor!"));
        Assert.Equal(a, (await (await OpenStoreAsync()).GetAsync(a.Id))! with { Types = a.Types, Filter = a.Filter });
        Assert.Equal(a.Types, (await store.GetAsync(a.Id))!.Types);
        Assert.Equal([a.Id, b.Id, c.Id, d.Id], (await store.ListEnabledAsync()).Select(t => t.Subscription.Id));
        Assert.All(await store.ListEnabledAsync(), t => Assert.Equal(0, t.AfterSeq));

        var until = Start.AddHours(24);
        Assert.True(await store.RotateSecretAsync(a.Id, "whsec_new", until));
        Assert.False(await store.RotateSecretAsync("sub-none", "whsec_new", until));
        Assert.Equal(until, (await store.GetAsync(a.Id))!.PreviousSecretValidUntil);
        await store.FanOutAsync(0, 1, [Planned(a.Id, 1)]);
        var due = Assert.Single(await store.DueAsync(Clock.GetUtcNow(), 10));
        Assert.Equal(new WebhookSigningSecrets("whsec_new", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", until), due.Secrets);
    }

    [Fact]
    public async Task Replays_requeue_one_delivery_or_a_range_and_create_the_missing_ones_once()
    {
        var store = await OpenStoreAsync();
        var sub = await Subscribe(store);
        var other = await Subscribe(store);
        await store.FanOutAsync(0, 2, [Planned(sub.Id, 1, Start), Planned(sub.Id, 2, Start.AddMinutes(10))]);
        foreach (var due in await store.DueAsync(Start, 10))
            await store.RecordAsync(new DeliveryResult(due.Id, sub.Id, new WebhookAttempt(Start, 200, null, 1), DeliveryNext.Delivered));
        Assert.Equal(0, await store.PendingCountAsync());
        var delivered = (await store.ListDeliveriesAsync(sub.Id, null, 50, null)).Items;

        var one = delivered.Single(d => d.EventSeq == 1);
        Assert.False(await store.ReplayAsync(other.Id, one.Id));
        Assert.True(await store.ReplayAsync(sub.Id, one.Id));
        var replayed = Assert.Single(await store.DueAsync(Clock.GetUtcNow(), 10));
        Assert.Equal((one.Id, 0), (replayed.Id, replayed.RoundAttempts));
        await store.RecordAsync(new DeliveryResult(replayed.Id, sub.Id, new WebhookAttempt(Start, 200, null, 1), DeliveryNext.Delivered));

        // Seq 2 is in range and exists (requeued); seq 3 is in range and missing (made once, not twice).
        var queued = await store.ReplayRangeAsync(sub.Id, Start.AddMinutes(5), Start.AddMinutes(20),
            [Planned(sub.Id, 2, Start.AddMinutes(10)), Planned(sub.Id, 3, Start.AddMinutes(15))]);
        Assert.Equal(2, queued);
        Assert.Equal([2L, 3L], (await store.ListDeliveriesAsync(sub.Id, WebhookDeliveryStates.Pending, 50, null)).Items.Select(d => d.EventSeq!.Value).Order());
        Assert.Equal(2, await store.PendingCountAsync());
        Assert.Equal(3, (await store.ListDeliveriesAsync(sub.Id, null, 50, null)).Items.Count);

        var firstPage = await store.ListDeliveriesAsync(sub.Id, null, 2, null);
        var secondPage = await store.ListDeliveriesAsync(sub.Id, null, 2, firstPage.NextCursor);
        Assert.Equal(3, firstPage.Items.Concat(secondPage.Items).Select(d => d.Id).Distinct().Count());
        Assert.Null(secondPage.NextCursor);
    }
}
