using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Dashboard.Tests.BoardView;

/// <summary>GET /v1/board/alerts over HTTP: newest first, paged by cursor, scoped like GET /v1/alerts, with the feed position.</summary>
[Collection(BoardViewCollection.Name)]
public sealed class BoardAlertsApiTests(BoardViewHost board)
{
    private static async Task<JsonObject> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static string[] Ids(JsonObject page) => page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Rows_come_newest_first_in_pages_with_the_feed_position_and_total_on_the_first_page()
    {
        var tenant = await board.NewTenantAsync("api");
        var raised = new List<string>();
        for (var i = 0; i < 5; i++)
            raised.Add((await board.RaiseAsync(tenant, $"c{i}"))[0].Text("id"));
        var feedHead = (await board.Host.App.Services.GetRequiredService<Lepton.Monitor.Storage.IAlertEventLog>().LastSeqAsync());

        var first = await GetAsync(board.Host.Admin, $"/v1/board/alerts?tenant={tenant}&pageSize=2");
        Assert.Equal(5, first["total"]!.GetValue<int>());
        Assert.True(first["position"]!.GetValue<long>() >= feedHead, "the snapshot is at least as new as every change committed before it");
        var ids = Ids(first).ToList();
        var cursor = first["nextCursor"]!.GetValue<string>();
        while (cursor is not null)
        {
            var next = await GetAsync(board.Host.Admin, $"/v1/board/alerts?tenant={tenant}&pageSize=2&cursor={Uri.EscapeDataString(cursor)}");
            Assert.Null(next["position"]);
            ids.AddRange(Ids(next));
            cursor = next["nextCursor"]?.GetValue<string>();
        }
        Assert.Equal(raised.AsEnumerable().Reverse(), ids);

        var row = first["items"]![0]!.AsObject();
        var full = await board.GetAlertAsync(row.Text("id"));
        Assert.Equal(full.Text("status"), row.Text("status"));
        Assert.Equal(full["version"]!.GetValue<long>(), row["version"]!.GetValue<long>());
        Assert.Equal(full["explanation"]!.AsObject().Text("summary"), row.Text("summary"));
        Assert.Equal(full.Text("entity"), row.Text("entity"));
        Assert.False(row["pendingResolution"]!.GetValue<bool>());
        Assert.Null(row["recordIds"]);
        var raisedAt = DateTimeOffset.Parse(row.Text("raisedAt"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(raisedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Statuses_default_to_the_owned_work_and_take_several_values()
    {
        var tenant = await board.NewTenantAsync("api");
        var open = (await board.RaiseAsync(tenant, "open"))[0].Text("id");
        var resolved = (await board.RaiseAsync(tenant, "done"))[0];
        var response = await board.Host.Admin.PostAsync($"/v1/alerts/{resolved.Text("id")}/resolve",
            JsonContent.Create(new { version = resolved["version"]!.GetValue<long>(), disposition = "true-positive" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal([open], Ids(await GetAsync(board.Host.Admin, $"/v1/board/alerts?tenant={tenant}")));
        Assert.Equal([resolved.Text("id")], Ids(await GetAsync(board.Host.Admin, $"/v1/board/alerts?tenant={tenant}&status=resolved")));
        Assert.Equal(2, Ids(await GetAsync(board.Host.Admin, $"/v1/board/alerts?tenant={tenant}&status=open,resolved")).Length);
        Assert.Equal(2, Ids(await GetAsync(board.Host.Admin, $"/v1/board/alerts?tenant={tenant}&status=open&status=resolved")).Length);
        Assert.Equal(2, Ids(await GetAsync(board.Host.Admin, $"/v1/board/alerts?tenant={tenant}&status=all")).Length);
        Assert.Equal(HttpStatusCode.BadRequest, (await board.Host.Admin.GetAsync("/v1/board/alerts?status=closed")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await board.Host.Admin.GetAsync("/v1/board/alerts?pageSize=5001")).StatusCode);
    }

    [Fact]
    public async Task A_scoped_key_sees_only_its_tenant_and_nothing_when_it_asks_for_another()
    {
        var a = await board.NewTenantAsync("iso");
        var b = await board.NewTenantAsync("iso");
        var alertA = (await board.RaiseAsync(a, "ca"))[0].Text("id");
        await board.RaiseAsync(b, "cb");
        using var analystA = board.Host.Client(await board.NewKeyAsync("analyst", a));

        var own = await GetAsync(analystA, "/v1/board/alerts?status=all&pageSize=5000");
        Assert.All(own["items"]!.AsArray(), i => Assert.Equal(a, i!["tenant"]!.GetValue<string>()));
        Assert.Contains(alertA, Ids(own));

        var other = await GetAsync(analystA, $"/v1/board/alerts?tenant={b}&status=all");
        Assert.Empty(Ids(other));
        Assert.Equal(0, other["total"]!.GetValue<int>());

        using var ingest = board.Host.Client(await board.NewKeyAsync("ingest", a));
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/v1/board/alerts")).StatusCode);
    }
}
