using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lepton.Monitor.Dashboard.Tests.Monitoring;

[Collection(MonitoringCollection.Name)]
public sealed class MonitoringViewTests(MonitoringHost board)
{
    [Fact]
    public async Task The_view_draws_throughput_alert_rate_drift_and_the_production_model_from_real_traffic()
    {
        var tenant = await board.NewTenantAsync("monview");
        await board.PostGeneratedAsync(tenant);
        var drift = await WaitForDriftCheckAsync(tenant, "US");
        var page = await board.NewPageAsync(1440, 1500);

        await page.SignInAsync(LeptonTestHost.AdminKey, $"/monitor?tenant={tenant}&jurisdiction=US");

        var throughput = page.Page.Locator("[data-card=throughput] .chart");
        await Assertions.Expect(throughput.Locator("canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(throughput).ToHaveAttributeAsync("data-points", new Regex("^[1-9][0-9]*$"));
        Assert.True(double.Parse((await throughput.GetAttributeAsync("data-max"))!) > 0, "throughput has no non-zero point");
        var alerts = page.Page.Locator("[data-card=alerts] .chart");
        await Assertions.Expect(alerts.Locator("canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(alerts).ToHaveAttributeAsync("data-points", new Regex("^[1-9][0-9]*$"));
        Assert.True(double.Parse((await alerts.GetAttributeAsync("data-max"))!) > 0, "alert rate has no non-zero point");
        // The instance drawn is on the element (no global): its x column holds the points the card claims.
        Assert.Equal(await throughput.GetAttributeAsync("data-points"),
            (await throughput.EvaluateAsync<int>("el => el.uplot.data[0].length")).ToString());
        await Assertions.Expect(page.Page.Locator("[data-card=latency] .chart canvas")).ToHaveCountAsync(1);

        var production = drift["modelId"]!.GetValue<string>();
        await Assertions.Expect(page.Page.Locator($"[data-card=models] tr[data-stage=production][data-model=\"{production}\"]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Page.Locator("[data-card=drift] .chart")).ToHaveAttributeAsync("data-points", new Regex("^[1-9][0-9]*$"));
        await Assertions.Expect(page.Page.Locator("[data-card=histogram] canvas.histogram")).ToHaveAttributeAsync("data-bins", new Regex("^[1-9][0-9]*$"));
        Assert.Contains($"tenant={tenant}", page.Page.Url);
        Assert.Contains("jurisdiction=US", page.Page.Url);

        await page.ScreenshotAsync("monitoring.png");

        // The charts follow the window's width (narrow windows stack the cards: a third of 1440 px becomes all of 800).
        var before = await throughput.EvaluateAsync<int>("el => el.uplot.width");
        await page.Page.SetViewportSizeAsync(800, 1200);
        await page.Page.WaitForFunctionAsync(
            "w => { const el = document.querySelector('[data-card=throughput] .chart'); return el.uplot.width !== w && el.uplot.width === el.clientWidth; }", before);
        await page.ScreenshotAsync("monitoring-narrow.png");
        page.AssertClean();
    }

    [Fact]
    public async Task An_admin_switches_tenant_and_jurisdiction_and_the_URL_keeps_them()
    {
        var first = await board.NewTenantAsync("monpick");
        var second = await board.NewTenantAsync("monpick");
        var page = await board.NewPageAsync();
        await page.SignInAsync(LeptonTestHost.AdminKey, $"/monitor?tenant={first}");
        await Assertions.Expect(page.Page.GetByLabel("Jurisdiction")).ToHaveValueAsync("US");

        await page.Page.GetByLabel("Tenant").SelectOptionAsync(second);
        await Assertions.Expect(page.Page).ToHaveURLAsync(new Regex($"tenant={second}&jurisdiction=US"));
        await page.Page.GetByLabel("Jurisdiction").SelectOptionAsync("EU");
        await Assertions.Expect(page.Page).ToHaveURLAsync(new Regex($"tenant={second}&jurisdiction=EU"));
        await Assertions.Expect(page.Page.Locator("[data-card=throughput] .card-empty")).ToContainTextAsync($"{second} / EU");

        await page.Page.ReloadAsync();
        await Assertions.Expect(page.Page.GetByLabel("Tenant")).ToHaveValueAsync(second);
        await Assertions.Expect(page.Page.GetByLabel("Jurisdiction")).ToHaveValueAsync("EU");
        page.AssertClean();
    }

    [Fact]
    public async Task An_analyst_who_edits_the_URL_to_another_tenant_still_sees_only_their_own()
    {
        var mine = await board.NewTenantAsync("monurl");
        var theirs = await board.NewTenantAsync("monurl");
        var page = await board.NewPageAsync();
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Page.Request += (_, request) => asked.Enqueue(request.Url);

        await page.SignInAsync(await board.NewKeyAsync("analyst", mine), $"/monitor?tenant={theirs}&jurisdiction=US");

        await Assertions.Expect(page.Page.Locator(".monitor-head")).ToContainTextAsync($"Tenant {mine}");
        await Assertions.Expect(page.Page.Locator("[data-card=models] tr[data-stage=production]")).ToHaveCountAsync(1);
        Assert.DoesNotContain(asked, url => url.Contains("/v1/") && url.Contains(theirs));
        page.AssertClean();
    }

    [Fact]
    public async Task A_tenant_without_traffic_says_what_will_appear_and_when()
    {
        var tenant = await board.NewTenantAsync("monquiet");
        var key = await board.NewKeyAsync("analyst", tenant);
        var page = await board.NewPageAsync();

        await page.SignInAsync(key, "/monitor?jurisdiction=EU");

        await Assertions.Expect(page.Page.Locator("[data-card=throughput] .card-empty")).ToContainTextAsync("A point is added every 1 s");
        await Assertions.Expect(page.Page.Locator("[data-card=drift] .card-empty")).ToContainTextAsync("one runs every 100 records");
        await Assertions.Expect(page.Page.Locator("[data-card=models] tr[data-stage=production]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Page.GetByLabel("Jurisdiction")).ToHaveValueAsync("EU");
        Assert.Equal(0, await page.Page.Locator("[data-card=throughput] canvas").CountAsync());
        await page.ScreenshotAsync("monitoring-empty.png");
        page.AssertClean();
    }

    [Fact]
    public async Task An_analyst_of_one_tenant_never_gets_another_tenants_series()
    {
        var mine = await board.NewTenantAsync("monscope");
        var theirs = await board.NewTenantAsync("monscope");
        await board.RaiseCashAlertAsync(theirs, "c-1");
        using var analyst = board.Host.Client(await board.NewKeyAsync("analyst", mine));
        using var ingest = board.Host.Client(await board.NewKeyAsync("ingest", mine));

        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/v1/monitoring/series?tenant={theirs}&jurisdiction=US")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/v1/monitoring/series?tenant={mine}&jurisdiction=APAC")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync($"/v1/monitoring/series?tenant={mine}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await board.Host.Admin.GetAsync("/v1/monitoring/series")).StatusCode);

        // Without a tenant a scoped key gets its own, and no list of the others.
        var own = JsonNode.Parse(await analyst.GetStringAsync("/v1/monitoring/series"))!.AsObject();
        Assert.Equal(mine, own["tenant"]!.GetValue<string>());
        Assert.Equal("US", own["jurisdiction"]!.GetValue<string>());
        Assert.Null(own["tenants"]);
        // The admin sees the other tenant's record counted, and may pick among tenants.
        var admins = await MonitoringHost.SeriesAsync(board.Host.Admin, theirs, "US");
        Assert.True(admins["series"]!["totalRecords"]!.GetValue<long>() >= 1);
        Assert.Contains(admins["tenants"]!.AsArray(), t => t!.GetValue<string>() == mine);
    }

    [Fact]
    public async Task A_drift_check_serves_the_baseline_and_current_shares_of_every_column()
    {
        var tenant = await board.NewTenantAsync("monbins");
        await board.PostGeneratedAsync(tenant, rounds: 2);

        var current = (await WaitForDriftCheckAsync(tenant, "US"))["current"]!;
        var columns = current["features"]!.AsArray().Append(current["score"]).Select(c => c!.AsObject()).ToList();
        Assert.NotEmpty(columns);
        foreach (var column in columns)
        {
            var edges = column["binEdges"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            var reference = column["referenceShares"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            var now = column["currentShares"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            Assert.Equal(edges.Length + 1, reference.Length);
            Assert.Equal(reference.Length, now.Length);
            Assert.Equal(1.0, reference.Sum(), 6);
            Assert.Equal(1.0, now.Sum(), 6);
            Assert.Equal(edges.Order(), edges);
        }
    }

    private async Task<JsonObject> WaitForDriftCheckAsync(string tenant, string jurisdiction)
    {
        for (var i = 0; i < 100; i++)
        {
            var page = JsonNode.Parse(await board.Host.Admin.GetStringAsync($"/v1/drift?tenant={tenant}&jurisdiction={jurisdiction}"))!;
            var view = page["items"]![0]!.AsObject();
            if (view["current"] is not null)
                return view;
            await Task.Delay(100);
        }
        throw new TimeoutException("no drift check ran");
    }
}
