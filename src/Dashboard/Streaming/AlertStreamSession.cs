using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>
/// One alert stream: reads the change feed after its own position, a page at a time, and writes each page as server-sent
/// events to <c>output</c>. Pull, not push: nothing is queued for a connection, so a slow client costs one page of
/// memory however far behind it is; one that stops reading is cut off (see <see cref="AlertStreamEnd"/>).
/// </summary>
public sealed class AlertStreamSession(IAlertEventLog log, AlertStreamOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Formatted frames are written out at about this size, so a page of large alerts is not held whole.</summary>
    private const int FlushThreshold = 32 * 1024;

    /// <summary>
    /// About how many characters of alert JSON one page may hold: pages of large alerts (a structuring alert lists up to
    /// 1,000 record ids) are read fewer events at a time, so a connection never holds more than about this much.
    /// </summary>
    private const long PageBudgetChars = 512 * 1024;

    private readonly ServerSentEventBuffer _frames = new();
    private long _position;       // every matching event up to here has been written
    private long _lastSentId;     // the id the client last saw (an event's, or a heartbeat's position)
    private long _lastWrite;      // timestamp of the last write (heartbeats are due HeartbeatInterval after it)
    private long _allowedLag;     // MaxLag beyond the lag the stream started with (a resume from far back is catching up, not falling behind)
    private long _sent;
    private int _pageSize = Math.Clamp(16, 1, Math.Max(1, options.PageSize)); // grows with small alerts (AdaptPageSize)

    /// <summary>Events written so far.</summary>
    public long EventsSent => _sent;

    /// <summary>
    /// Streams until <paramref name="ct"/> fires (client gone, server stopping) or the client is cut off. The start
    /// position is fixed before the first byte (<c>retry:</c>) is written, so an event committed after a client saw
    /// that line is always delivered.
    /// </summary>
    public async Task<AlertStreamEnd> RunAsync(AlertStreamRequest request, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            await StartAsync(request, ct).ConfigureAwait(false);
            if (!await SendAsync(output, ct).ConfigureAwait(false))
                return CutOff(AlertStreamEnd.SlowClient, request);
            var skipBefore = request.LastEventId is null ? request.Since : null;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var fullPage = false;
                if (!request.MatchesNothing)
                {
                    // The head is read before the page: when the page is not full, every matching event up to the head is in it.
                    var head = await log.LastSeqAsync(ct).ConfigureAwait(false);
                    var pageSize = _pageSize;
                    var page = await log.ReadAfterAsync(_position, pageSize, request.Filter, ct).ConfigureAwait(false);
                    AdaptPageSize(page);
                    foreach (var e in page)
                    {
                        if (skipBefore is { } since)
                        {
                            if (e.At < since)
                                continue;
                            skipBefore = null; // seqs follow commit time: from the first event at/after since, all of them
                        }
                        _frames.Event(e);
                        _lastSentId = e.Seq;
                        _sent++;
                        AlertStreamTelemetry.EventsSent.Add(1);
                        if (_frames.Length >= FlushThreshold && !await SendAsync(output, ct).ConfigureAwait(false))
                            return CutOff(AlertStreamEnd.SlowClient, request);
                    }
                    fullPage = page.Count == pageSize;
                    _position = fullPage ? page[^1].Seq : Math.Max(head, page.Count > 0 ? page[^1].Seq : _position);
                    if (!await SendAsync(output, ct).ConfigureAwait(false))
                        return CutOff(AlertStreamEnd.SlowClient, request);
                    if (head - _position > _allowedLag)
                        return CutOff(AlertStreamEnd.FellBehind, request);
                }
                if (fullPage)
                    continue;

                var untilHeartbeat = options.HeartbeatInterval - time.GetElapsedTime(_lastWrite);
                if (untilHeartbeat <= TimeSpan.Zero)
                {
                    _frames.Heartbeat(_position > _lastSentId ? _position : null);
                    _lastSentId = Math.Max(_lastSentId, _position);
                    if (!await SendAsync(output, ct).ConfigureAwait(false))
                        return CutOff(AlertStreamEnd.SlowClient, request);
                    continue;
                }
                if (request.MatchesNothing)
                    await Task.Delay(untilHeartbeat, time, ct).ConfigureAwait(false);
                else
                    await log.WaitForEventsAsync(_position, untilHeartbeat, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (ct.IsCancellationRequested || e is IOException)
        {
            return AlertStreamEnd.Stopped; // the client went away (a write to a reset connection fails) or the server is stopping
        }
    }

    /// <summary>Sizes the next page so that it holds about <see cref="PageBudgetChars"/> of JSON at most.</summary>
    private void AdaptPageSize(IReadOnlyList<AlertEvent> page)
    {
        if (page.Count == 0)
            return;
        long chars = 0;
        foreach (var e in page)
            chars += e.AlertJson.Length;
        var fits = (int)Math.Clamp(PageBudgetChars * page.Count / Math.Max(1, chars), 1, options.PageSize);
        _pageSize = fits < _pageSize ? fits : Math.Min(fits, _pageSize * 2); // shrink at once, grow back gradually
    }

    /// <summary>Fixes the start position and queues <c>retry:</c> and, for a resume from before the window, <c>stream.gap</c>.</summary>
    private async Task StartAsync(AlertStreamRequest request, CancellationToken ct)
    {
        var head = await log.LastSeqAsync(ct).ConfigureAwait(false);
        _frames.Retry(options.ReconnectDelay);
        // The id the client holds: a heartbeat carries the position when it is past it (after a gap: always).
        _lastSentId = -1;
        if (request.LastEventId is { } resume)
        {
            var first = await log.FirstSeqAsync(ct).ConfigureAwait(false);
            if (resume > head)
            {
                // Not an id of this feed (another installation, a restored backup): the client cannot know what it missed.
                logger.LogInformation("Alert stream resumed from event {LastEventId} beyond the newest event {Head}; sent stream.gap, continuing live", resume, head);
                _frames.Gap(resume, head + 1);
                _position = head;
            }
            else if (first > 0 && resume < first - 1)
            {
                // Events after the client's id were pruned (older than the retention window): it must re-list.
                logger.LogInformation("Alert stream resumed from event {LastEventId} older than the oldest kept {First}; sent stream.gap", resume, first);
                _frames.Gap(resume, first);
                _position = first - 1;
            }
            else
            {
                _position = _lastSentId = resume;
            }
        }
        else
        {
            _position = request.Since is null ? head : 0;
            _lastSentId = _position;
        }
        _allowedLag = Math.Max(0, head - _position) + options.MaxLag;
        _lastWrite = time.GetTimestamp();
    }

    /// <summary>Writes and flushes what is buffered; false when that did not complete within the slow-client timeout.</summary>
    private async Task<bool> SendAsync(Stream output, CancellationToken ct)
    {
        if (_frames.Length == 0)
            return true;
        using var timeout = new CancellationTokenSource(options.SlowClientTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await output.WriteAsync(_frames.Written, linked.Token).ConfigureAwait(false);
            await output.FlushAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception) when (timeout.IsCancellationRequested)
        {
            return false;
        }
        // Kestrel aborts the connection when a flush is cancelled and may then complete it without an exception.
        if (timeout.IsCancellationRequested)
            return false;
        _frames.Clear();
        _lastWrite = time.GetTimestamp();
        return true;
    }

    private AlertStreamEnd CutOff(AlertStreamEnd reason, AlertStreamRequest request)
    {
        var tag = reason == AlertStreamEnd.SlowClient ? "slow-client" : "fell-behind";
        AlertStreamTelemetry.CutOff.Add(1, new KeyValuePair<string, object?>("reason", tag));
        logger.LogWarning("Alert stream cut off ({Reason}) at event {Position} after {Sent} events (tenant {Tenant}): a write did not complete within {Timeout} or it fell more than {MaxLag} events behind",
            tag, _position, _sent, request.Filter.Tenant ?? "*", options.SlowClientTimeout, options.MaxLag);
        return reason;
    }
}
