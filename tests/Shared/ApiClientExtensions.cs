using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Tests.Support;

/// <summary>Small helpers over the public HTTP API, as an integration would call it.</summary>
public static class ApiClientExtensions
{
    public static async Task CreateTenantAsync(this HttpClient admin, string id, params string[] jurisdictions)
    {
        var response = await admin.PostAsJsonAsync("/v1/tenants", new { id, name = id, jurisdictions });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task<string> CreateKeyAsync(this HttpClient admin, string role, string? tenant)
    {
        var response = await admin.PostAsJsonAsync("/v1/keys", new { role, tenant, name = role + "-" + tenant });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!.GetValue<string>();
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> PostRecordsAsync(this HttpClient client, byte[] ndjson)
    {
        using var content = new ByteArrayContent(ndjson);
        content.Headers.ContentType = new("application/x-ndjson");
        var response = await client.PostAsync("/v1/records", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) as JsonObject ?? new JsonObject());
    }

    public static Task<(HttpStatusCode Status, JsonObject Body)> PostRecordsAsync(this HttpClient client, string ndjson) =>
        client.PostRecordsAsync(Encoding.UTF8.GetBytes(ndjson));

    /// <summary>Follows nextCursor to the end of a list endpoint and returns every item.</summary>
    public static async Task<List<JsonObject>> GetAllAsync(this HttpClient client, string path)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?') ? '&' : '?';
            var url = $"{path}{separator}pageSize=500" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            items.AddRange(page["items"]!.AsArray().Select(n => n!.AsObject()));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        return items;
    }

    public static string[] RecordIds(this JsonObject alert) => alert["recordIds"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    public static string Text(this JsonObject o, string name) => o[name]!.GetValue<string>();

    public static string ToJson(this JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
