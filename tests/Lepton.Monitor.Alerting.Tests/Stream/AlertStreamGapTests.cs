using System.Text.Json.Nodes;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>Resuming from an event the change feed no longer keeps (older than the retention window).</summary>
public sealed class AlertStreamGapTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync() => _host = await LeptonTestHost.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task An_id_older_than_the_oldest_kept_event_gets_stream_gap_then_the_stream_continues_from_the_oldest_kept()
    {
        var alerts = new StreamAlerts(_host);
        for (var i = 1; i <= 4; i++)
        {
            await alerts.UpsertAsync("acme", $"fp-{i}", $"r-{i}");
            await Task.Delay(5); // distinct commit times, so the prune below has a clean cut
        }
        var written = await alerts.Log.ReadAfterAsync(0, 10);
        Assert.Equal(4, written.Count);
        // Retention took the first two events (as the pruning service does when they are older than the window).
        Assert.Equal(2, await alerts.Log.PruneAsync(written[2].At));
        Assert.Equal(written[2].Seq, await alerts.Log.FirstSeqAsync());

        await using var sse = await SseStream.OpenAsync(_host.Admin, "/v1/alerts/stream", lastEventId: written[0].Seq.ToString());

        var gap = await sse.ReadFrameAsync();
        Assert.Equal("stream.gap", gap.Event);
        Assert.Null(gap.Id); // the client keeps its old id until an event it can resume from arrives
        Assert.Equal(written[0].Seq, gap.Json["lastEventId"]!.GetValue<long>());
        Assert.Equal(written[2].Seq, gap.Json["firstAvailable"]!.GetValue<long>());
        Assert.Equal([written[2].Seq, written[3].Seq], (await sse.ReadEventsAsync(2)).Select(e => e.Seq));

        // Inside the window there is no gap notice: resuming from the oldest kept event goes straight on.
        await using var inside = await SseStream.OpenAsync(_host.Admin, "/v1/alerts/stream", lastEventId: written[2].Seq.ToString());
        var next = (await inside.ReadEventsAsync(1))[0];
        Assert.Equal(("alert.raised", written[3].Seq), (next.Event, next.Seq));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(written[3].AlertJson), next.Json));
    }
}
