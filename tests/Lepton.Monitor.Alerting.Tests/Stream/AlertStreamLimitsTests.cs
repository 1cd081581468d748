using System.Net;
using Lepton.Monitor.Dashboard.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>The connection cap and the change feed's retention, on a host configured tight.</summary>
public sealed class AlertStreamLimitsTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await LeptonTestHost.StartAsync(_data.Path,
            "--Lepton:Sse:MaxConnections", "1",
            "--Lepton:Sse:Retention", "00:00:00.500", "--Lepton:Sse:PruneInterval", "00:00:00.100");

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Beyond_MaxConnections_a_stream_answers_503_with_Retry_After_and_a_closed_one_frees_its_slot()
    {
        await using (var open = await SseStream.OpenAsync(_host.Admin, "/v1/alerts/stream"))
        {
            var refused = await _host.Admin.GetAsync("/v1/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        }

        var connections = _host.App.Services.GetRequiredService<AlertStreamConnections>();
        for (var i = 0; i < 200 && connections.Open > 0; i++)
            await Task.Delay(50); // the server notices the dropped connection
        await using var again = await SseStream.OpenAsync(_host.Admin, "/v1/alerts/stream");
    }

    [Fact]
    public async Task The_retention_service_prunes_events_older_than_the_window_and_keeps_the_newest()
    {
        var alerts = new StreamAlerts(_host);
        var first = await alerts.UpsertAsync("acme", "fp-1", "r-1");
        await alerts.UpsertAsync("acme", "fp-2", "r-2");
        var head = await alerts.Log.LastSeqAsync();
        Assert.True(await alerts.Log.FirstSeqAsync() < head);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await alerts.Log.FirstSeqAsync() < head && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.Equal(head, await alerts.Log.FirstSeqAsync()); // all but the newest, so ids never restart
        Assert.Equal(head, await alerts.Log.LastSeqAsync());
        Assert.NotNull(await alerts.Store.GetAsync(first.Id)); // the alerts themselves stay
    }
}
