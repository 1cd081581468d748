
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
        // Sized exactly first, then written once: a batch body is large (an LOH array), so no growing buffer and no
        // copy of it.
        var size = 0;
        for (var i = 0; i < records.Count; i++)
            size += (IsObjectCandidate(records[i].Span) ? records[i].Length : NotAnObject.Length) + 1;
        var body = GC.AllocateUninitializedArray<byte>(size);
        var at = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var span = records[i].Span;
            if (!IsObjectCandidate(span))
            {
                // An empty line would be skipped (shifting indexes) and a leading '[' would turn the whole body into
                // a JSON array: both are poison of their own, rejected as "record: must be a JSON object".
                NotAnObject.CopyTo(body.AsSpan(at));
                at += NotAnObject.Length;
            }
            else
            {
                var target = body.AsSpan(at, span.Length);
                span.CopyTo(target);
                // Raw CR/LF can only be whitespace between JSON tokens (inside strings they must be escaped), so
                // replacing them keeps the meaning and keeps a pretty-printed record on one line.
                target.Replace((byte)'\n', (byte)' ');
                target.Replace((byte)'\r', (byte)' ');
                at += span.Length;
            }
            body[at++] = (byte)'\n';
        }
        return body;
    }

    private static bool IsObjectCandidate(ReadOnlySpan<byte> span)
    {
        var trimmed = span.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] != (byte)'[';
    }
}
