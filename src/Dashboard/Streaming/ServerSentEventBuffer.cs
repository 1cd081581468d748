using System.Buffers;
using System.Globalization;
using System.Text;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>
/// Formats server-sent event frames (WHATWG HTML §9.2) into one reusable buffer that a session writes and flushes in
/// one go. Holds at most what the session wrote since its last flush.
/// </summary>
public sealed class ServerSentEventBuffer
{
    public const string GapEvent = "stream.gap";

    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

    public int Length => _buffer.WrittenCount;

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public void Clear() => _buffer.ResetWrittenCount();

    public void Retry(TimeSpan delay) =>
        Append($"retry: {((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}\n\n");

    public void Event(AlertEvent e)
    {
        Append("id: ");
        Append(e.Seq.ToString(CultureInfo.InvariantCulture));
        Append("\nevent: ");
        Append(e.Type);
        Append("\n");
        Data(e.AlertJson);
        Append("\n");
    }

    /// <summary>The client resumed from an event the change feed no longer keeps: it should re-list, events continue from <paramref name="firstAvailable"/>.</summary>
    public void Gap(long lastEventId, long firstAvailable)
    {
        Append($"event: {GapEvent}\n");
        Data($$"""{"lastEventId":{{lastEventId.ToString(CultureInfo.InvariantCulture)}},"firstAvailable":{{firstAvailable.ToString(CultureInfo.InvariantCulture)}}}""");
        Append("\n");
    }

    /// <summary>
    /// A comment line keeps proxies from closing an idle connection. With <paramref name="position"/> it also carries an
    /// <c>id:</c> without data, which sets the client's last event id without dispatching an event: a client whose filter
    /// matched nothing for a day then resumes from here rather than from before the retention window.
    /// </summary>
    public void Heartbeat(long? position)
    {
        Append(": heartbeat\n");
        if (position is { } p)
            Append($"id: {p.ToString(CultureInfo.InvariantCulture)}\n");
        Append("\n");
    }

    private void Data(string payload)
    {
        // The alert JSON is compact (one line); a payload with line breaks would still be sent whole, one data: line each.
        if (!payload.Contains('\n'))
        {
            Append("data: ");
            Append(payload);
            Append("\n");
            return;
        }
        foreach (var line in payload.Split('\n'))
        {
            Append("data: ");
            Append(line.TrimEnd('\r'));
            Append("\n");
        }
    }

    private void Append(string text)
    {
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
