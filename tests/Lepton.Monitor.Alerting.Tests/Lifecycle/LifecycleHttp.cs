using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>Calls of the action routes as the SOC board makes them.</summary>
public static class LifecycleHttp
{
    public static async Task<(HttpStatusCode Status, JsonObject Body)> ActAsync(this HttpClient client, JsonObject alert, string action, object? parameters = null) =>
        await client.ActAsync(alert.Text("id"), alert["version"]!.GetValue<long>(), action, parameters);

    public static async Task<(HttpStatusCode Status, JsonObject Body)> ActAsync(this HttpClient client, string id, long? version, string action, object? parameters = null)
    {
        var body = parameters is null ? new JsonObject() : JsonSerializerObject(parameters);
        if (version is not null)
            body["version"] = version;
        var response = await client.PostAsJsonAsync($"/v1/alerts/{id}/{action}", body);
        return (response.StatusCode, await ReadObjectAsync(response));
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text) as JsonObject ?? new JsonObject();
    }

    public static long Version(this JsonObject alert) => alert["version"]!.GetValue<long>();

    private static JsonObject JsonSerializerObject(object parameters) =>
        System.Text.Json.JsonSerializer.SerializeToNode(parameters, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.AsObject();
}
