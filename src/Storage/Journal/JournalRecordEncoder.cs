using System.Buffers.Binary;
using System.Security.Cryptography;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// What every journal backend does to records before its writer sees them: checks the key fields, encodes each record
/// into one shared buffer (on the caller's thread, so the single writer stays lean) and hashes its content; and, after
/// the writer classified them, gathers the payloads of the new ones into one block.
/// </summary>
internal static class JournalRecordEncoder
{
    /// <summary>Encodes <paramref name="records"/> back to back into <paramref name="payloads"/>; throws for a record without tenant or id.</summary>
    public static EncodedRecord[] Encode(IReadOnlyList<MonitoredRecord> records, PooledByteBuffer payloads)
    {
        var encoded = new EncodedRecord[records.Count];
        for (var i = 0; i < encoded.Length; i++)
        {
            var record = records[i] ?? throw new ArgumentException($"records[{i}] is null", nameof(records));
            if (string.IsNullOrEmpty(record.Tenant) || string.IsNullOrEmpty(record.Id))
                throw new ArgumentException($"records[{i}]: tenant and id are required", nameof(records));
            var offset = payloads.WrittenCount;
            RecordCodec.Encode(record, payloads);
            var length = payloads.WrittenCount - offset;
            encoded[i] = new EncodedRecord(record.Tenant, record.Id, offset, length, ContentHash(payloads.WrittenSpan.Slice(offset, length)));
        }
        return encoded;
    }

    /// <summary>
    /// 64 bits of SHA-256 over the encoding without its trailing acceptedAt (the only field a retry changes), so an
    /// identical retry hashes the same and a different record under the same id cannot be made to (second preimage).
    /// </summary>
    public static long ContentHash(ReadOnlySpan<byte> encoded)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(encoded[..^RecordCodec.AcceptedAtBytes], digest);
        return BinaryPrimitives.ReadInt64LittleEndian(digest);
    }

    /// <summary>
    /// The payloads of the request's new records (a positive sequence), back to back: the request's own buffer when all
    /// are new, else copied into <paramref name="scratch"/> (reset first).
    /// </summary>
    public static ReadOnlySpan<byte> NewPayloads(JournalAppendRequest append, PooledByteBuffer scratch)
    {
        var all = append.Payloads.WrittenSpan;
        if (Array.TrueForAll(append.Sequences, static seq => seq > 0))
            return all;
        scratch.Reset();
        for (var i = 0; i < append.Records.Length; i++)
        {
            if (append.Sequences[i] <= 0)
                continue;
            var record = append.Records[i];
            scratch.Write(all.Slice(record.Offset, record.Length));
        }
        return scratch.WrittenSpan;
    }
}
