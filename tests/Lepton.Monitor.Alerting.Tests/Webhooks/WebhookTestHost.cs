using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

/// <summary>The real host with webhooks on a compressed retry schedule, polling fast, able to reach test receivers on loopback.</summary>
public static class WebhookTestHost
{
    public const string FastSchedule = "00:00:00,00:00:00.2,00:00:00.4";

    public static Task<LeptonTestHost> StartAsync(string dataPath, string retryDelays = FastSchedule, params string[] extraArgs) =>
        LeptonTestHost.StartAsync(dataPath, [
            "--Lepton:Webhooks:RetryDelays", retryDelays,
            "--Lepton:Webhooks:AllowedAddresses", "127.0.0.1,127.0.0.2",
            "--Lepton:Webhooks:DispatchInterval", "00:00:00.05",
            "--Lepton:Webhooks:SendInterval", "00:00:00.05",
            .. extraArgs]);

    public static string CashRecord(string tenant, string id) =>
        $$$"""{"id":"{{{id}}}","tenant":"{{{tenant}}}","timestamp":"2026-11-22T14:00:00Z","amount":50000,"currency":"USD","channel":"cash","originator":{"account":"A-{{{id}}}","name":"N","country":"US","customerId":"C-{{{id}}}"}}""";

    /// <summary>POSTs a subscription and returns its answer (201 expected).</summary>
    public static async Task<JsonObject> SubscribeAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/v1/subscriptions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"subscribe answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task RaiseAlertAsync(this LeptonTestHost host, string tenant, string recordId)
    {
        var (status, _) = await host.Admin.PostRecordsAsync(CashRecord(tenant, recordId));
        Assert.Equal(HttpStatusCode.Accepted, status);
        await host.WaitForIdleAsync();
    }

    public static async Task<List<JsonObject>> DeliveriesAsync(this HttpClient client, string subscriptionId, string? state = null) =>
        await client.GetAllAsync($"/v1/subscriptions/{subscriptionId}/deliveries" + (state is null ? "" : "?state=" + state));

    /// <summary>Waits until the subscription's delivery log satisfies <paramref name="condition"/>.</summary>
    public static async Task<List<JsonObject>> WaitForDeliveriesAsync(this HttpClient client, string subscriptionId, Func<List<JsonObject>, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var deliveries = await client.DeliveriesAsync(subscriptionId);
            if (condition(deliveries))
                return deliveries;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("delivery log: " + new JsonArray([.. deliveries.Select(d => (JsonNode)d.DeepClone())]).ToJsonString());
            await Task.Delay(50);
        }
    }
}
