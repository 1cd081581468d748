using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Monitor.Scoring;
using Lepton.Monitor.Training;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>
/// The model registry through the public API: list, upload (good and bad), shadow → production → rollback applied to
/// running grains, canary share, persistence across a restart, least privilege, and the audit trail.
/// </summary>
public sealed class ModelsApiTests : IAsyncLifetime
{
    private const string Mlp = "lepton-risk-1.0.0";
    private const string Gbdt = "lepton-risk-gbdt-1.0.0";

    private readonly TempFolder _data = new();
    private readonly TempFolder _scratch = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await LeptonTestHost.StartAsync(_data.Path);
        await _host.Admin.CreateTenantAsync("acme", "US");
        await _host.Admin.CreateTenantAsync("globex", "US");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
        _scratch.Dispose();
    }

    private static string Records(string prefix, int count)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var channel = (i % 4) switch { 0 => "wire", 1 => "card", 2 => "ach", _ => "crypto" };
            sb.Append($$$"""{"id":"{{{prefix}}}-{{{i}}}","tenant":"acme","timestamp":"2026-11-22T{{{i % 24:D2}}}:15:00Z","amount":{{{100 + i * 37 % 9000}}},"currency":"USD","channel":"{{{channel}}}","originator":{"account":"A{{{i % 50}}}","name":"N{{{i % 50}}}","country":"US","customerId":"C{{{i % 50}}}"},"beneficiary":{"account":"B{{{i}}}","name":"M{{{i}}}","country":"US"}}""").Append('\n');
        }
        return sb.ToString();
    }

    private async Task<JsonObject> Deployments(HttpClient? client = null)
    {
        var response = await (client ?? _host.Admin).GetAsync("/v1/models/deployments?tenant=acme&jurisdiction=US");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static JsonObject? StatsOf(JsonObject view, string modelId) =>
        view["stats"]!.AsArray().Select(n => n!.AsObject()).FirstOrDefault(s => s.Text("modelId") == modelId);

    private Task<HttpResponseMessage> SetStage(string modelId, string stage, double? canaryShare = null) =>
        _host.Admin.PostAsJsonAsync("/v1/models/deployments", new { tenant = "acme", jurisdiction = "US", modelId, stage, canaryShare });

    private Task<HttpResponseMessage> Upload(byte[] onnx, string cardJson, HttpClient? client = null) =>
        (client ?? _host.Admin).PostAsync("/v1/models", new StringContent(
            $$"""{"onnx":"{{Convert.ToBase64String(onnx)}}","card":{{cardJson}}}""", Encoding.UTF8, "application/json"));

    private static string ShippedPath(string id, string extension) => Path.Combine(AppContext.BaseDirectory, "onnx", id + extension);

    [Fact]
    public async Task Both_shipped_families_are_listed_with_their_held_out_metrics()
    {
        var models = await _host.Admin.GetAllAsync("/v1/models");
        var mlp = models.Single(m => m.Text("id") == Mlp);
        var gbdt = models.Single(m => m.Text("id") == Gbdt);
        Assert.True(mlp["isDefault"]!.GetValue<bool>());
        Assert.Equal("mlp", mlp.Text("family"));
        Assert.Equal("gbdt", gbdt.Text("family"));
        Assert.False(gbdt["isDefault"]!.GetValue<bool>());
        Assert.InRange(gbdt["metrics"]!["rocAuc"]!.GetValue<double>(), 0.6, 1.0);
        Assert.Equal("cpu", mlp.Text("device"));

        // Readiness says where each loaded model runs (cpu here; cuda or cublas on a GPU host).
        var ready = (await _host.Client(null).GetFromJsonAsync<JsonObject>("/health/ready"))!;
        Assert.Equal("ready", ready.Text("status"));
        var loaded = Assert.Single(ready["models"]!.AsArray(), m => m!.AsObject().Text("id") == Mlp)!.AsObject();
        Assert.Equal("cpu", loaded.Text("device"));
    }

    [Fact]
    public async Task Bad_uploads_are_refused_with_a_reason_and_change_nothing()
    {
        var card = await File.ReadAllTextAsync(ShippedPath(Gbdt, ".card.json"));
        var onnx = await File.ReadAllBytesAsync(ShippedPath(Gbdt, ".onnx"));
        var before = (await _host.Admin.GetAllAsync("/v1/models")).Count;

        var notBase64 = await _host.Admin.PostAsync("/v1/models", new StringContent("""{"onnx":"@@@","card":{}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notBase64.StatusCode);
        Assert.Contains("base64", (await notBase64.Content.ReadFromJsonAsync<JsonObject>())!.Text("error"));

        var garbage = await Upload(Encoding.UTF8.GetBytes("this is not an onnx model"), card.Replace("\"1.0.0\"", "\"9.9.9\""));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await garbage.Content.ReadFromJsonAsync<JsonObject>())!.Text("error")));

        var wrongFeatures = JsonNode.Parse(card)!.AsObject();
        wrongFeatures["version"] = "9.9.8";
        wrongFeatures["features"]!.AsArray()[0] = "somethingElse";
        var mismatch = await Upload(onnx, wrongFeatures.ToJson());
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);

        var sameIdOtherCard = JsonNode.Parse(card)!.AsObject();
        sameIdOtherCard["threshold"] = 0.99;
        Assert.Equal(HttpStatusCode.Conflict, (await Upload(onnx, sameIdOtherCard.ToJson())).StatusCode);

        Assert.Equal(before, (await _host.Admin.GetAllAsync("/v1/models")).Count);
        var uploads = Path.Combine(_data.Path, "models");
        Assert.True(!Directory.Exists(uploads) || Directory.GetFiles(uploads).Length == 0);
        Assert.DoesNotContain(await _host.Admin.GetAllAsync("/v1/audit"), e => e.Text("action") == "model.uploaded");
    }

    [Fact]
    public async Task An_uploaded_model_shadows_then_serves_then_rolls_back_without_a_restart()
    {
        var built = ModelBuilder.Build(new ModelBuildOptions
        {
            OutputDirectory = _scratch.Path, Version = "2.0.0", Rows = 20_000, Epochs = 2, WriteMarkdown = false,
        });
        var upload = await Upload(await File.ReadAllBytesAsync(built.OnnxPath), await File.ReadAllTextAsync(built.CardPath));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        const string V2 = "lepton-risk-2.0.0";
        Assert.Contains(await _host.Admin.GetAllAsync("/v1/models"), m => m.Text("id") == V2 && !m["shipped"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.OK, (await SetStage(V2, "shadow")).StatusCode);
        await _host.Admin.PostRecordsAsync(Records("s", 200));
        await _host.WaitForIdleAsync();
        var view = await Deployments();
        Assert.Equal(V2, view["deployments"]!["shadows"]![0]!.AsObject().Text("modelId"));
        Assert.Equal(200, StatsOf(view, V2)!["scored"]!.GetValue<long>());
        Assert.Equal("shadow", StatsOf(view, V2)!.Text("stage"));
        Assert.Equal(200, StatsOf(view, V2)!["comparedWithProduction"]!.GetValue<long>());
        Assert.Equal(200, StatsOf(view, Mlp)!["scored"]!.GetValue<long>());
        // Shadow scores raise nothing.
        Assert.DoesNotContain(await _host.Admin.GetAllAsync("/v1/alerts?tenant=acme"), a => a["modelVersion"]?.GetValue<string>() == V2);

        Assert.Equal(HttpStatusCode.OK, (await SetStage(V2, "production")).StatusCode);
        await _host.Admin.PostRecordsAsync(Records("p", 100));
        await _host.WaitForIdleAsync();
        view = await Deployments();
        Assert.Equal(V2, view["deployments"]!["production"]!.AsObject().Text("modelId"));
        Assert.Empty(view["deployments"]!["shadows"]!.AsArray());
        Assert.Equal(300, StatsOf(view, V2)!["scored"]!.GetValue<long>());
        Assert.Equal(200, StatsOf(view, Mlp)!["scored"]!.GetValue<long>());

        Assert.Equal(HttpStatusCode.OK, (await _host.Admin.PostAsJsonAsync("/v1/models/deployments/rollback", new { tenant = "acme", jurisdiction = "US" })).StatusCode);
        await _host.Admin.PostRecordsAsync(Records("r", 50));
        await _host.WaitForIdleAsync();
        view = await Deployments();
        Assert.Equal(Mlp, view["deployments"]!["production"]!.AsObject().Text("modelId"));
        Assert.Equal(250, StatsOf(view, Mlp)!["scored"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Conflict, (await _host.Admin.PostAsJsonAsync("/v1/models/deployments/rollback", new { tenant = "acme", jurisdiction = "US" })).StatusCode);

        var actions = (await _host.Admin.GetAllAsync("/v1/audit")).Select(e => e.Text("action")).ToList();
        Assert.Contains("model.uploaded", actions);
        Assert.Equal(2, actions.Count(a => a == "model.stage-changed"));
        Assert.Contains("model.rolled-back", actions);
    }

    [Fact]
    public async Task A_canary_takes_its_share_and_the_deployments_survive_a_restart()
    {
        var set = await SetStage(Gbdt, "canary", 0.3);
        Assert.True(set.StatusCode == HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        await _host.Admin.PostRecordsAsync(Records("c", 1000));
        await _host.WaitForIdleAsync();
        var view = await Deployments();
        var canary = StatsOf(view, Gbdt)!["scored"]!.GetValue<long>();
        var production = StatsOf(view, Mlp)!["scored"]!.GetValue<long>();
        Assert.Equal(1000, canary + production);
        Assert.InRange(canary, 230, 370);

        await _host.DisposeAsync();
        _host = await LeptonTestHost.StartAsync(_data.Path);
        view = await Deployments();
        Assert.Equal(Gbdt, view["deployments"]!["canary"]!.AsObject().Text("modelId"));
        Assert.Equal(0.3, view["deployments"]!["canary"]!["canaryShare"]!.GetValue<double>());
    }

    [Fact]
    public async Task Stage_changes_need_an_admin_and_another_tenant_is_not_found()
    {
        using var analyst = _host.Client(await _host.Admin.CreateKeyAsync("analyst", "acme"));
        using var otherAnalyst = _host.Client(await _host.Admin.CreateKeyAsync("analyst", "globex"));
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/v1/models")).StatusCode);
        await Deployments(analyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/v1/models/deployments", new { tenant = "acme", jurisdiction = "US", modelId = Gbdt, stage = "production" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAnalyst.GetAsync("/v1/models/deployments?tenant=acme&jurisdiction=US")).StatusCode);

        var unknown = await SetStage("no-such-model-1.0.0", "shadow");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("unknown model", (await unknown.Content.ReadFromJsonAsync<JsonObject>())!.Text("error"));
        var badShare = await SetStage(Gbdt, "canary", 1.5);
        Assert.Equal(HttpStatusCode.BadRequest, badShare.StatusCode);
        Assert.Equal(Mlp, (await Deployments())["deployments"]!["production"]!.AsObject().Text("modelId"));
    }

    [Fact]
    public async Task A_model_that_validates_but_cannot_load_is_not_promotable_and_nothing_is_saved()
    {
        // A stored model ONNX Runtime cannot load (say, stored by an older build): promoting it must fail before anything is saved.
        var models = Path.Combine(_data.Path, "models");
        Directory.CreateDirectory(models);
        await File.WriteAllBytesAsync(Path.Combine(models, "broken-1.0.0.onnx"), Encoding.UTF8.GetBytes("no graph in here"));
        var card = JsonNode.Parse(await File.ReadAllTextAsync(ShippedPath(Mlp, ".card.json")))!.AsObject();
        card["name"] = "broken";
        await File.WriteAllTextAsync(Path.Combine(models, "broken-1.0.0.card.json"), card.ToJsonString());
        var before = (await Deployments())["deployments"]!.AsObject();

        foreach (var stage in new[] { "production", "canary", "shadow" })
        {
            var refused = await SetStage("broken-1.0.0", stage, stage == "canary" ? 0.5 : null);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var error = (await refused.Content.ReadFromJsonAsync<JsonObject>())!.Text("error");
            Assert.Contains("cannot be loaded", error);
            Assert.DoesNotContain(_data.Path, error);
        }

        var after = (await Deployments())["deployments"]!.AsObject();
        Assert.Equal(before["revision"]!.GetValue<long>(), after["revision"]!.GetValue<long>());
        Assert.Equal(Mlp, after["production"]!.AsObject().Text("modelId"));
        Assert.Empty(after["shadows"]!.AsArray());
        // The monitor still scores with its production model rather than failing every batch.
        await _host.Admin.PostRecordsAsync(Records("b", 20));
        await _host.WaitForIdleAsync();
        Assert.Equal(20, StatsOf(await Deployments(), Mlp)!["scored"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_tenant_admins_upload_is_its_own_and_another_tenant_neither_sees_deploys_nor_takes_it()
    {
        using var acmeAdmin = _host.Client(await _host.Admin.CreateKeyAsync("admin", "acme"));
        using var globexAdmin = _host.Client(await _host.Admin.CreateKeyAsync("admin", "globex"));
        var built = ModelBuilder.Build(new ModelBuildOptions
        {
            OutputDirectory = Path.Combine(_scratch.Path, "v3"), Version = "3.0.0", Rows = 5_000, Epochs = 1, WriteMarkdown = false,
        });
        var onnx = await File.ReadAllBytesAsync(built.OnnxPath);
        var card = await File.ReadAllTextAsync(built.CardPath);
        const string V3 = "lepton-risk-3.0.0";
        Assert.Equal(HttpStatusCode.Created, (await Upload(onnx, card, acmeAdmin)).StatusCode);

        static bool Lists(IEnumerable<JsonObject> models) => models.Any(m => m.Text("id") == V3);
        Assert.True(Lists(await acmeAdmin.GetAllAsync("/v1/models")));
        Assert.True(Lists(await _host.Admin.GetAllAsync("/v1/models?tenant=acme")));
        Assert.False(Lists(await globexAdmin.GetAllAsync("/v1/models")));
        Assert.False(Lists(await globexAdmin.GetAllAsync("/v1/models?tenant=acme"))); // a scoped key's own tenant wins
        Assert.False(Lists(await _host.Admin.GetAllAsync("/v1/models"))); // not in the global catalog
        Assert.Equal(HttpStatusCode.OK, (await acmeAdmin.GetAsync($"/v1/models/{V3}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globexAdmin.GetAsync($"/v1/models/{V3}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await globexAdmin.GetAsync($"/v1/models/{Mlp}")).StatusCode);

        // globex can deploy it neither itself nor through an unscoped admin, and cannot take its id (same bytes or not).
        foreach (var client in new[] { globexAdmin, _host.Admin })
        {
            var deploy = await client.PostAsJsonAsync("/v1/models/deployments", new { tenant = "globex", jurisdiction = "US", modelId = V3, stage = "shadow" });
            Assert.Equal(HttpStatusCode.BadRequest, deploy.StatusCode);
            Assert.Contains("unknown model", (await deploy.Content.ReadFromJsonAsync<JsonObject>())!.Text("error"));
        }
        var squat = await Upload(onnx, card, globexAdmin);
        Assert.Equal(HttpStatusCode.Conflict, squat.StatusCode);
        Assert.DoesNotContain("acme", (await squat.Content.ReadFromJsonAsync<JsonObject>())!.Text("error"));

        // acme deploys its own model.
        var own = await acmeAdmin.PostAsJsonAsync("/v1/models/deployments", new { tenant = "acme", jurisdiction = "US", modelId = V3, stage = "shadow" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);

        // And acme cannot take a global id with other bytes.
        var shadowing = ModelBuilder.Build(new ModelBuildOptions
        {
            OutputDirectory = Path.Combine(_scratch.Path, "v1"), Version = "1.0.0", Rows = 5_000, Epochs = 1, WriteMarkdown = false,
        });
        var taken = await Upload(await File.ReadAllBytesAsync(shadowing.OnnxPath), await File.ReadAllTextAsync(shadowing.CardPath), acmeAdmin);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(Mlp, (await acmeAdmin.GetAllAsync("/v1/models")).Single(m => m.Text("id") == Mlp).Text("id"));
        Assert.True((await acmeAdmin.GetAllAsync("/v1/models")).Single(m => m.Text("id") == Mlp)["shipped"]!.GetValue<bool>());
    }
}
