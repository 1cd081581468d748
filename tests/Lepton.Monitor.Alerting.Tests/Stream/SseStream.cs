using System.Net;
using System.Text;

namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>A client of GET /v1/alerts/stream over real HTTP, reading frames as an EventSource would.</summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, System.IO.Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>The id the client would send as Last-Event-ID on reconnecting (set by events and by bare id lines).</summary>
    public string? LastEventId { get; private set; }

    /// <summary>Opens the stream and reads its first frame (retry:), after which the server's start position is fixed.</summary>
    public static async Task<SseStream> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
            Assert.Fail($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var stream = new SseStream(response, await response.Content.ReadAsStreamAsync());
        var first = await stream.ReadFrameAsync();
        Assert.Equal("3000", first.Retry);
        return stream;
    }

    /// <summary>The next frame (events, heartbeats, gap notices), or a TimeoutException.</summary>
    public async Task<SseFrame> ReadFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        string? id = null, type = null, retry = null;
        StringBuilder? data = null;
        var comments = new List<string>();
        var any = false;
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("no complete frame within the timeout");
            }
            if (line is null)
                throw new EndOfStreamException("the server closed the stream");
            if (line.Length == 0)
            {
                if (!any)
                    continue;
                if (id is not null)
                    LastEventId = id;
                return new SseFrame(id, type, data?.ToString(), retry, comments);
            }
            any = true;
            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].TrimStart());
                continue;
            }
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
                value = value[1..];
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "retry": retry = value; break;
                case "data": data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value); break;
            }
        }
    }

    /// <summary>The next <paramref name="count"/> events, skipping heartbeats.</summary>
    public async Task<List<SseFrame>> ReadEventsAsync(int count, TimeSpan? timeout = null)
    {
        var events = new List<SseFrame>();
        while (events.Count < count)
        {
            var frame = await ReadFrameAsync(timeout);
            if (frame.IsEvent)
                events.Add(frame);
        }
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
