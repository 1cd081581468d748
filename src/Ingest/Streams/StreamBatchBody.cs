using System.Buffers;

namespace Lepton.Monitor.Ingest.Streams;

/// <summary>
/// Joins the records of a batch of messages into one NDJSON body for <see cref="IngestService"/> (Kafka, Event Hubs): exactly one line per
/// message, so a rejection's index is the message's position in the batch (used to copy poison messages).
/// </summary>
public static class StreamBatchBody
{
    private static readonly byte[] NotAnObject = "null"u8.ToArray();

    public static byte[] Build(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var size = 0;
        foreach (var r in records)
            size += r.Length + 1;
        var buffer = new ArrayBufferWriter<byte>(Math.Max(size, 16));
        foreach (var r in records)
        {
            var span = r.Span;
            if (span.Trim(" \t\r\n"u8).IsEmpty || StartsArray(span))
            {
                // An empty line would be skipped (shifting indexes) and a leading '[' would turn the whole body into
                // a JSON array: both are poison of their own, rejected as "record: must be a JSON object".
                buffer.Write(NotAnObject);
            }
            else
            {
                var target = buffer.GetSpan(span.Length)[..span.Length];
                span.CopyTo(target);
                // Raw CR/LF can only be whitespace between JSON tokens (inside strings they must be escaped), so
                // replacing them keeps the meaning and keeps a pretty-printed record on one line.
                target.Replace((byte)'\n', (byte)' ');
                target.Replace((byte)'\r', (byte)' ');
                buffer.Advance(span.Length);
            }
            buffer.Write("\n"u8);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static bool StartsArray(ReadOnlySpan<byte> span)
    {
        var trimmed = span.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'[';
    }
}
