using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>Issue 13, item 4: a tenant's flood is answered 429 with Retry-After; another tenant keeps posting.</summary>
public sealed class OverloadTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await LeptonTestHost.StartAsync(_data.Path, "--Lepton:Ingest:TenantRecordsPerSecond", "100");
        await _host.Admin.CreateTenantAsync("flood", "US");
        await _host.Admin.CreateTenantAsync("quiet", "US");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_tenant_over_its_record_rate_gets_429_with_Retry_After_and_nothing_of_it_is_journaled_while_another_tenant_is_accepted()
    {
        // A full bucket (one second: 100 records) admits one large request and leaves the tenant in debt: 3 s of it,
        // so the next request is still refused on a slow machine (half a second of debt was repaid before it there).
        var (first, _) = await _host.Admin.PostRecordsAsync(Records("flood", 400, seed: 1));
        Assert.Equal(HttpStatusCode.Accepted, first);

        var refusedBody = Records("flood", 10, seed: 2);
        using var refused = await PostAsync(refusedBody);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 5);
        Assert.Contains("nothing of this request was accepted", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another tenant is not held back by the first one's flood.
        var (quiet, quietBody) = await _host.Admin.PostRecordsAsync(Records("quiet", 10, seed: 3));
        Assert.Equal(HttpStatusCode.Accepted, quiet);
        Assert.Equal(10, quietBody["accepted"]!.GetValue<int>());

        // After Retry-After the refused records are new: none of them was journaled by the refused request.
        await Task.Delay(TimeSpan.FromSeconds(retryAfter));
        var (retried, retriedBody) = await _host.Admin.PostRecordsAsync(refusedBody);
        Assert.Equal(HttpStatusCode.Accepted, retried);
        Assert.Equal(10, retriedBody["accepted"]!.GetValue<int>());
        Assert.Equal(0, retriedBody["duplicates"]!.GetValue<int>());
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return await _host.Admin.PostAsync("/v1/records", content);
    }

    private static byte[] Records(string tenant, int count, int seed) =>
        Encoding.UTF8.GetBytes(string.Join("\n", TransactionGenerator.Generate(new GeneratorOptions { Tenant = tenant, Count = count, Seed = seed, ViolationRate = 0, IdPrefix = $"{tenant}-{seed}-" })
            .Select(g => Encoding.UTF8.GetString(g.Utf8Line))));
}
