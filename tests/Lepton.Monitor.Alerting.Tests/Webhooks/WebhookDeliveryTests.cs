using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Alerting.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

/// <summary>The real host delivering to a real receiver on 127.0.0.2 (allowed by AllowedAddresses) on a compressed retry schedule.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly IPAddress ReceiverAddress = IPAddress.Parse("127.0.0.2");

    private static void AssertSigned(ReceivedWebhook received, params string[] secrets)
    {
        var timestamp = long.Parse(received.Timestamp!, CultureInfo.InvariantCulture);
        Assert.Equal(string.Join(' ', secrets.Select(s => WebhookSigner.Sign(s, received.Id!, timestamp, received.Body))), received.Signature);
    }

    [Fact]
    public async Task A_failing_receiver_gets_the_delivery_on_the_third_try_with_the_same_id_and_a_valid_signature_each_time()
    {
        using var data = new TempFolder();
        await using var receiver = await TestReceiver.StartAsync(ReceiverAddress, TestReceiver.FailingFirst(2));
        await using var host = await WebhookTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US");
        var subscription = await host.Admin.SubscribeAsync(new { url = receiver.BaseAddress + "hook", tenant = "acme", filter = new { jurisdictions = new[] { "US" } } });
        var id = subscription.Text("id");
        var secret = subscription.Text("secret");

        await host.RaiseAlertAsync("acme", "tx-1");
        var deliveries = await host.Admin.WaitForDeliveriesAsync(id, ds => ds.Count > 0 && ds.All(d => d.Text("state") == "delivered"));

        var alerts = await host.Admin.GetAllAsync("/v1/alerts?tenant=acme");
        Assert.Equal(alerts.Count, deliveries.Count);
        foreach (var delivery in deliveries)
        {
            var attempts = delivery["attempts"]!.AsArray();
            Assert.Equal([500, 500, 200], attempts.Select(a => a!["statusCode"]!.GetValue<int>()));
            var tries = receiver.Received.Where(r => r.Id == delivery.Text("id")).ToList();
            Assert.Equal(3, tries.Count);
            Assert.StartsWith("msg_", tries[0].Id);
            Assert.Single(tries.Select(t => t.Body).Distinct());
            Assert.All(tries, t => AssertSigned(t, secret));
            var body = JsonNode.Parse(tries[0].Body)!.AsObject();
            Assert.Equal("alert.raised", body.Text("type"));
            var alert = alerts.Single(a => a.Text("id") == body["data"]!.AsObject().Text("id"));
            Assert.True(JsonNode.DeepEquals(alert, body["data"]), "data is the alert as GET /v1/alerts serves it");
        }
    }

    [Fact]
    public async Task An_exhausted_delivery_is_dead_and_listed_and_a_replay_delivers_it_with_the_same_id()
    {
        using var data = new TempFolder();
        var healthy = false;
        await using var receiver = await TestReceiver.StartAsync(ReceiverAddress, (http, _, _) =>
        {
            http.Response.StatusCode = Volatile.Read(ref healthy) ? 200 : 503;
            return Task.CompletedTask;
        });
        await using var host = await WebhookTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US");
        var id = (await host.Admin.SubscribeAsync(new { url = receiver.BaseAddress.ToString(), tenant = "acme" })).Text("id");

        await host.RaiseAlertAsync("acme", "tx-1");
        var dead = await host.Admin.WaitForDeliveriesAsync(id, ds => ds.Count > 0 && ds.All(d => d.Text("state") == "dead"));
        Assert.All(dead, d => Assert.Equal(3, d["attempts"]!.AsArray().Count));
        Assert.Equal(dead.Count, (await host.Admin.DeliveriesAsync(id, "dead")).Count);
        Assert.Empty(await host.Admin.DeliveriesAsync(id, "pending"));

        Volatile.Write(ref healthy, true);
        var one = dead[0].Text("id");
        var replay = await host.Admin.PostAsync($"/v1/subscriptions/{id}/deliveries/{one}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await host.Admin.WaitForDeliveriesAsync(id, ds => ds.Single(d => d.Text("id") == one).Text("state") == "delivered");
        Assert.Equal(4, receiver.Received.Count(r => r.Id == one));

        // A range replay sends the rest (and the one delivered again): every delivery of that range.
        var range = await host.Admin.PostAsJsonAsync($"/v1/subscriptions/{id}/replay",
            new { since = DateTimeOffset.UtcNow.AddHours(-1), until = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Equal(HttpStatusCode.Accepted, range.StatusCode);
        Assert.Equal(dead.Count, (await range.Content.ReadFromJsonAsync<JsonObject>())!["queued"]!.GetValue<int>());
        var delivered = await host.Admin.WaitForDeliveriesAsync(id, ds => ds.All(d => d.Text("state") == "delivered"));
        Assert.Equal(dead.Select(d => d.Text("id")).Order(), delivered.Select(d => d.Text("id")).Order());

        Assert.Equal(HttpStatusCode.NotFound, (await host.Admin.PostAsync($"/v1/subscriptions/{id}/deliveries/msg_nope/replay", null)).StatusCode);
    }

    [Fact]
    public async Task Gone_disables_the_subscription_audits_it_and_tells_the_tenants_other_endpoints()
    {
        using var data = new TempFolder();
        await using var gone = await TestReceiver.StartAsync(ReceiverAddress, (http, _, _) => { http.Response.StatusCode = 410; return Task.CompletedTask; });
        await using var watcher = await TestReceiver.StartAsync(ReceiverAddress, (http, _, _) => { http.Response.StatusCode = 200; return Task.CompletedTask; });
        await using var host = await WebhookTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US");
        var goneId = (await host.Admin.SubscribeAsync(new { url = gone.BaseAddress.ToString(), tenant = "acme" })).Text("id");
        await host.Admin.SubscribeAsync(new { url = watcher.BaseAddress.ToString(), tenant = "acme", types = new[] { "endpoint.disabled" } });

        await host.RaiseAlertAsync("acme", "tx-1");
        var notice = (await watcher.WaitForAsync(r => r.Count > 0)).Single();

        var body = JsonNode.Parse(notice.Body)!.AsObject();
        Assert.Equal("endpoint.disabled", body.Text("type"));
        Assert.Equal(goneId, body["data"]!.AsObject().Text("subscriptionId"));
        Assert.Contains("410", body["data"]!.AsObject().Text("reason"));
        var subscription = (await host.Admin.GetFromJsonAsync<JsonObject>($"/v1/subscriptions/{goneId}"))!;
        Assert.False(subscription["enabled"]!.GetValue<bool>());
        Assert.Contains("410", subscription.Text("disabledReason"));
        Assert.All(gone.Received.GroupBy(r => r.Id), tries => Assert.Single(tries)); // a 410 is not retried
        Assert.Empty(await host.Admin.DeliveriesAsync(goneId, "pending")); // nothing left waiting for a disabled endpoint
        Assert.NotEmpty(await host.Admin.DeliveriesAsync(goneId, "dead"));
        var audit = await host.Admin.GetAllAsync("/v1/audit?tenant=acme");
        Assert.Contains(audit, e => e.Text("action") == "subscription.disabled" && e.Text("target") == $"subscription/{goneId}");
    }

    [Fact]
    public async Task An_endpoint_failing_for_longer_than_disable_after_is_disabled()
    {
        using var data = new TempFolder();
        await using var receiver = await TestReceiver.StartAsync(ReceiverAddress, (http, _, _) => { http.Response.StatusCode = 500; return Task.CompletedTask; });
        // DisableAfter compressed from 5 days to 1 s; the second attempt comes 1.5 s after the first failure.
        await using var host = await WebhookTestHost.StartAsync(data.Path, "00:00:00,00:00:01.5,00:00:01.5,00:00:01.5", "--Lepton:Webhooks:DisableAfter", "00:00:01");
        await host.Admin.CreateTenantAsync("acme", "US");
        var id = (await host.Admin.SubscribeAsync(new { url = receiver.BaseAddress.ToString(), tenant = "acme" })).Text("id");

        await host.RaiseAlertAsync("acme", "tx-1");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonObject subscription;
        while ((subscription = (await host.Admin.GetFromJsonAsync<JsonObject>($"/v1/subscriptions/{id}"))!)["enabled"]!.GetValue<bool>())
        {
            Assert.True(DateTime.UtcNow < deadline, "the failing endpoint was not disabled");
            await Task.Delay(50);
        }

        Assert.Contains("no successful delivery since", subscription.Text("disabledReason"));
        Assert.All(receiver.Received.GroupBy(r => r.Id), tries => Assert.InRange(tries.Count(), 1, 2)); // not the whole schedule
        Assert.Empty(await host.Admin.DeliveriesAsync(id, "pending"));
        Assert.Contains(await host.Admin.GetAllAsync("/v1/audit?tenant=acme"), e => e.Text("action") == "subscription.disabled");
    }

    [Fact]
    public async Task Retry_after_is_honoured()
    {
        using var data = new TempFolder();
        await using var receiver = await TestReceiver.StartAsync(ReceiverAddress, (http, _, earlier) =>
        {
            http.Response.StatusCode = earlier == 0 ? 429 : 200;
            if (earlier == 0)
                http.Response.Headers.RetryAfter = "2";
            return Task.CompletedTask;
        });
        await using var host = await WebhookTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US");
        var id = (await host.Admin.SubscribeAsync(new { url = receiver.BaseAddress.ToString(), tenant = "acme" })).Text("id");

        await host.RaiseAlertAsync("acme", "tx-1");
        await host.Admin.WaitForDeliveriesAsync(id, ds => ds.Count > 0 && ds.All(d => d.Text("state") == "delivered"));

        foreach (var tries in receiver.Received.GroupBy(r => r.Id))
        {
            var (first, second) = (tries.First(), tries.Skip(1).Single());
            // The schedule alone would retry after 0.2 s; the receiver asked for 2 s.
            Assert.True(second.At - first.At >= TimeSpan.FromSeconds(1.9), $"retried after {second.At - first.At}");
        }
    }

    [Fact]
    public async Task Filters_and_tenants_choose_which_subscriptions_are_told()
    {
        using var data = new TempFolder();
        await using var receiver = await TestReceiver.StartAsync(ReceiverAddress, (http, _, _) => { http.Response.StatusCode = 200; return Task.CompletedTask; });
        await using var host = await WebhookTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US", "EU");
        await host.Admin.CreateTenantAsync("globex", "US");
        async Task<string> Subscribe(string path, string tenant, object filter) =>
            (await host.Admin.SubscribeAsync(new { url = receiver.BaseAddress + path, tenant, filter })).Text("id");
        var told = await Subscribe("us-high", "acme", new { jurisdictions = new[] { "US" }, kinds = new[] { "rule" }, minSeverity = "high" });
        var eu = await Subscribe("eu", "acme", new { jurisdictions = new[] { "EU" } });
        var critical = await Subscribe("critical", "acme", new { minSeverity = "critical" });
        var models = await Subscribe("models", "acme", new { kinds = new[] { "model", "drift" } });
        var otherTenant = await Subscribe("globex", "globex", new { });

        await host.RaiseAlertAsync("acme", "tx-1");
        await host.Admin.WaitForDeliveriesAsync(told, ds => ds.Count > 0 && ds.All(d => d.Text("state") == "delivered"));

        // Deliveries of one change are made for every subscription in one transaction: the others had their chance.
        foreach (var quiet in new[] { eu, critical, models, otherTenant })
            Assert.Empty(await host.Admin.DeliveriesAsync(quiet));
        Assert.All(receiver.Received, r => Assert.Equal("/us-high", r.Path));
    }

    [Fact]
    public async Task A_rotated_secret_signs_together_with_the_old_one_during_the_overlap()
    {
        using var data = new TempFolder();
        await using var receiver = await TestReceiver.StartAsync(ReceiverAddress, (http, _, _) => { http.Response.StatusCode = 200; return Task.CompletedTask; });
        await using var host = await WebhookTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US");
        var created = await host.Admin.SubscribeAsync(new { url = receiver.BaseAddress.ToString(), tenant = "acme" });
        var id = created.Text("id");

        var rotation = await host.Admin.PostAsync($"/v1/subscriptions/{id}/rotate-secret", null);
        Assert.Equal(HttpStatusCode.OK, rotation.StatusCode);
        var rotated = (await rotation.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotEqual(created.Text("secret"), rotated.Text("secret"));
        Assert.True(rotated["previousSecretValidUntil"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddHours(23));

        await host.RaiseAlertAsync("acme", "tx-1");
        var received = await receiver.WaitForAsync(r => r.Count > 0);
        AssertSigned(received[0], rotated.Text("secret"), created.Text("secret"));
    }

    [Fact]
    public async Task Routes_are_for_admin_and_integration_keys_and_scoped_to_the_keys_tenant()
    {
        using var data = new TempFolder();
        await using var host = await WebhookTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US");
        await host.Admin.CreateTenantAsync("globex", "US");
        using var analyst = host.Client(await host.Admin.CreateKeyAsync("analyst", "acme"));
        using var integrationA = host.Client(await host.Admin.CreateKeyAsync("integration", "acme"));
        using var integrationB = host.Client(await host.Admin.CreateKeyAsync("integration", "globex"));
        var body = new { url = "https://hooks.example.com/lepton", filter = new { minSeverity = "high" } };

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/v1/subscriptions", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/v1/subscriptions")).StatusCode);

        var mine = await integrationA.SubscribeAsync(body); // the key's own tenant when none is named
        Assert.Equal("acme", mine.Text("tenant"));
        var id = mine.Text("id");
        Assert.Equal(HttpStatusCode.NotFound, (await integrationA.PostAsJsonAsync("/v1/subscriptions", new { body.url, tenant = "globex" })).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await integrationB.GetAsync($"/v1/subscriptions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await integrationB.GetAsync($"/v1/subscriptions/{id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await integrationB.PostAsync($"/v1/subscriptions/{id}/rotate-secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await integrationB.DeleteAsync($"/v1/subscriptions/{id}")).StatusCode);
        Assert.Empty(await integrationB.GetAllAsync("/v1/subscriptions"));
        Assert.Empty(await integrationB.GetAllAsync("/v1/subscriptions?tenant=acme"));

        var listed = Assert.Single(await integrationA.GetAllAsync("/v1/subscriptions"));
        Assert.Null(listed["secret"]);
        Assert.Null((await integrationA.GetFromJsonAsync<JsonObject>($"/v1/subscriptions/{id}"))!["secret"]);
        Assert.Single(await host.Admin.GetAllAsync("/v1/subscriptions"));

        Assert.Equal(HttpStatusCode.NoContent, (await integrationA.DeleteAsync($"/v1/subscriptions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await integrationA.GetAsync($"/v1/subscriptions/{id}")).StatusCode);
    }

    [Fact]
    public async Task Bad_subscriptions_are_refused_with_a_reason()
    {
        (string Json, string Reason)[] cases =
        [
            ("""{"tenant":"acme","url":"http://127.0.0.1:9/hook"}""", "loopback"),
            ("""{"tenant":"acme","url":"http://10.0.0.8/hook"}""", "private"),
            ("""{"tenant":"acme","url":"http://[fe80::1]/hook"}""", "link-local"),
            ("""{"tenant":"acme","url":"file:///etc/passwd"}""", "absolute http or https"),
            ("""{"tenant":"acme"}""", "url: required"),
            ("""{"tenant":"acme","url":"https://hooks.example.com","filter":{"kinds":["rules"]}}""", "filter.kinds"),
            ("""{"tenant":"acme","url":"https://hooks.example.com","filter":{"minSeverity":"severe"}}""", "filter.minSeverity"),
            ("""{"tenant":"acme","url":"https://hooks.example.com","types":["alert.deleted"]}""", "types"),
            ("""{"url":"https://hooks.example.com"}""", "tenant: required"),
            ("""{"tenant":"acme","url":"https://hooks.example.com","group":{"by":["ruleId"],"interval":"00:00:00.010"}}""", "group.interval"),
            ("""{"tenant":"acme","url":"https://hooks.example.com","group":{"by":["ruleId"],"repeat":"365.00:00:00"}}""", "group.repeat"),
            ("""{"tenant":"acme","url":"https://hooks.example.com","group":{"by":["ruleId"],"wait":"-00:00:01"}}""", "group.wait"),
        ];
        using var data = new TempFolder();
        // Without AllowedAddresses: the default SSRF rule.
        await using var host = await LeptonTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US");

        foreach (var (json, reason) in cases)
        {
            var response = await host.Admin.PostAsync("/v1/subscriptions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, json);
            Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonObject>())!.Text("error"));
        }
        Assert.Empty(await host.Admin.GetAllAsync("/v1/subscriptions"));
    }

    [Fact]
    public async Task A_tenant_may_hold_a_bounded_number_of_subscriptions()
    {
        using var data = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US");
        await host.Admin.CreateTenantAsync("other", "US");
        for (var i = 0; i < SubscriptionsApiLimit; i++)
            await host.Admin.SubscribeAsync(new { url = $"https://hooks.example.com/{i}", tenant = "acme" });

        var refused = await host.Admin.PostAsJsonAsync("/v1/subscriptions", new { url = "https://hooks.example.com/one-more", tenant = "acme" });
        var otherTenant = await host.Admin.PostAsJsonAsync("/v1/subscriptions", new { url = "https://hooks.example.com/x", tenant = "other" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("enabled subscriptions", (await refused.Content.ReadFromJsonAsync<JsonObject>())!.Text("error"));
        Assert.Equal(HttpStatusCode.Created, otherTenant.StatusCode);
    }

    private const int SubscriptionsApiLimit = Lepton.Monitor.Dashboard.Apis.SubscriptionsApi.MaxPerTenant;
}
