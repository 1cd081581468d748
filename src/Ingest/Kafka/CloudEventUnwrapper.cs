using System.Text;
using Confluent.Kafka;
using Lepton.Monitor.Ingest.Streams;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// The Kafka protocol binding of CloudEvents 1.0 for <see cref="CloudEventRecord"/>: binary mode is announced by a
/// <c>ce_specversion</c> header, structured mode by the <c>content-type</c> header (or found in the value).
/// </summary>
public static class CloudEventUnwrapper
{
    public const string StructuredContentType = CloudEventRecord.StructuredContentType;

    public static ReadOnlyMemory<byte> RecordBytes(byte[] value, Headers? headers)
    {
        var binary = headers is not null && headers.TryGetLastBytes("ce_specversion", out _);
        string? contentType = null;
        if (!binary && headers is not null && headers.TryGetLastBytes("content-type", out var ct))
            contentType = Encoding.ASCII.GetString(ct);
        return CloudEventRecord.RecordBytes(value, binary, contentType);
    }
}
