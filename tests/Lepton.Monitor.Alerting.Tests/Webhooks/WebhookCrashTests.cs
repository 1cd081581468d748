using System.Net;
using System.Net.Http.Json;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

/// <summary>
/// Delivery state is durable: the real executable is SIGKILLed between a delivery's failed first attempt and its retry,
/// and a new process on the same data folder still makes the delivery — with the same webhook-id.
/// </summary>
public sealed class WebhookCrashTests
{
    [Fact]
    public async Task A_delivery_in_the_middle_of_its_retries_is_still_made_after_a_SIGKILL()
    {
        using var data = new TempFolder();
        await using var receiver = await TestReceiver.StartAsync(IPAddress.Parse("127.0.0.2"), TestReceiver.FailingFirst(2));
        // The retry waits 3 s: long enough to be killed in it.
        string[] webhooks = ["--Lepton:Webhooks:RetryDelays", "00:00:00,00:00:03,00:00:00.5", "--Lepton:Webhooks:AllowedAddresses", "127.0.0.2",
            "--Lepton:Webhooks:DispatchInterval", "00:00:00.05", "--Lepton:Webhooks:SendInterval", "00:00:00.05"];

        string subscriptionId;
        IReadOnlyList<ReceivedWebhook> beforeKill;
        using (var child = LeptonProcess.Start(data.Path, webhooks))
        {
            using var admin = child.AdminClient();
            await child.WaitReadyAsync(admin);
            await admin.CreateTenantAsync("acme", "US");
            subscriptionId = (await admin.SubscribeAsync(new { url = receiver.BaseAddress + "hook", tenant = "acme" })).Text("id");
            var (status, _) = await admin.PostRecordsAsync(WebhookTestHost.CashRecord("acme", "tx-1"));
            Assert.Equal(HttpStatusCode.Accepted, status);

            beforeKill = await receiver.WaitForAsync(r => r.Count > 0, TimeSpan.FromSeconds(60));
            await child.KillAsync(); // right after the first (failed) attempt: the retry is pending
        }
        Assert.All(beforeKill, r => Assert.Equal(1, beforeKill.Count(x => x.Id == r.Id)));

        await using var host = await WebhookTestHost.StartAsync(data.Path, "00:00:00,00:00:03,00:00:00.5");
        var deliveries = await host.Admin.WaitForDeliveriesAsync(subscriptionId, ds => ds.Count > 0 && ds.All(d => d.Text("state") == "delivered"));

        foreach (var delivery in deliveries)
        {
            var id = delivery.Text("id");
            Assert.Contains(beforeKill, r => r.Id == id); // the webhook-id the receiver saw before the kill...
            var tries = receiver.Received.Where(r => r.Id == id).ToList();
            Assert.Equal(3, tries.Count); // ...is the one it got the retries and the success with
            Assert.Single(tries.Select(t => t.Body).Distinct());
        }
        Assert.Equal(beforeKill.Select(r => r.Id).Distinct().Order(), deliveries.Select(d => d.Text("id")).Order());
    }
}
