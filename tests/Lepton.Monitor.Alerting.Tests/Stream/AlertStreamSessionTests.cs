using System.Text;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Dashboard.Streaming;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>The stream's loop and request parsing as plain classes, over an in-memory feed and plain streams.</summary>
public sealed class AlertStreamSessionTests
{
    private static AlertStreamRequest FromStart(string? tenant = null) =>
        new() { Filter = new AlertEventFilter { Tenant = tenant, NotifyOnly = true }, LastEventId = 0 };

    private static AlertStreamSession Session(IAlertEventLog log, AlertStreamOptions options) =>
        new(log, options, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task Writes_retry_then_each_event_with_its_id_type_and_data()
    {
        var log = new InMemoryAlertEventLog();
        log.Append(2);
        using var output = new MemoryStream();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var end = await Session(log, new AlertStreamOptions()).RunAsync(FromStart(), output, stop.Token);

        Assert.Equal(AlertStreamEnd.Stopped, end);
        Assert.Equal(
            "retry: 3000\n\n" +
            "id: 1\nevent: alert.raised\ndata: {\"id\":\"al-1\"}\n\n" +
            "id: 2\nevent: alert.raised\ndata: {\"id\":\"al-2\"}\n\n",
            Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task A_write_that_does_not_complete_within_the_timeout_cuts_the_client_off()
    {
        var log = new InMemoryAlertEventLog();
        log.Append(3);
        using var never = new StalledStream();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var end = await Session(log, new AlertStreamOptions { SlowClientTimeout = TimeSpan.FromMilliseconds(200) }).RunAsync(FromStart(), never, guard.Token);

        Assert.Equal(AlertStreamEnd.SlowClient, end);
        Assert.False(guard.IsCancellationRequested);
    }

    [Fact]
    public async Task A_stream_that_falls_more_than_MaxLag_behind_the_head_is_cut_off()
    {
        var log = new InMemoryAlertEventLog();
        log.OnRead = l => l.Append(20); // the feed grows faster than this reader's pages of 4
        using var output = new MemoryStream();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var options = new AlertStreamOptions { PageSize = 4, MaxLag = 10 };

        var session = Session(log, options);
        var end = await session.RunAsync(FromStart(), output, guard.Token);

        Assert.Equal(AlertStreamEnd.FellBehind, end);
        Assert.True(session.EventsSent < 40, $"{session.EventsSent} events sent before the cut");
    }

    [Fact]
    public async Task A_reader_catching_up_from_far_back_is_not_cut_off_for_the_lag_it_started_with()
    {
        var log = new InMemoryAlertEventLog();
        log.Append(100);
        using var output = new MemoryStream();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var session = Session(log, new AlertStreamOptions { PageSize = 4, MaxLag = 10 });
        var end = await session.RunAsync(FromStart(), output, stop.Token);

        Assert.Equal(AlertStreamEnd.Stopped, end);
        Assert.Equal(100, session.EventsSent);
    }

    [Fact]
    public void A_scoped_key_asking_for_another_tenant_gets_a_stream_that_matches_nothing()
    {
        var caller = new Caller("k1", Roles.Integration, "tenant-b");
        var query = new QueryCollection(new Dictionary<string, StringValues> { ["tenant"] = "tenant-a" });

        Assert.True(AlertStreamRequest.TryParse(query, null, caller, out var request, out _));

        Assert.True(request!.MatchesNothing);
        Assert.Equal("tenant-b", request.Filter.Tenant);
    }

    [Theory]
    [InlineData("suppressed", false)]
    [InlineData("open", true)]
    [InlineData(null, true)]
    public void Only_a_stream_asking_for_suppressed_alerts_sees_changes_a_silence_keeps_quiet(string? status, bool notifyOnly)
    {
        var query = new QueryCollection(status is null ? [] : new Dictionary<string, StringValues> { ["status"] = status });

        Assert.True(AlertStreamRequest.TryParse(query, null, new Caller("k", Roles.Admin, null), out var request, out _));

        Assert.Equal(notifyOnly, request!.Filter.NotifyOnly);
    }

    [Fact]
    public void The_Last_Event_ID_header_wins_over_the_query_parameter()
    {
        var query = new QueryCollection(new Dictionary<string, StringValues> { ["lastEventId"] = "5" });

        Assert.True(AlertStreamRequest.TryParse(query, "9", new Caller("k", Roles.Admin, null), out var request, out _));

        Assert.Equal(9, request!.LastEventId);
    }

    /// <summary>A client that never reads: every write waits until it is cancelled.</summary>
    private sealed class StalledStream : System.IO.Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
