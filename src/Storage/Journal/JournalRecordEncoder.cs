using System.Buffers;
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
    // One SHA-256 context per encoding thread, reset after each record: the one-shot SHA256.HashData sets up and tears
    // down a native digest context per call, which costs more than hashing a record's ~200 bytes.
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    /// <summary>
    /// Encodes <paramref name="records"/> back to back into <paramref name="payloads"/>; throws for a record without
    /// tenant or id. The array is rented from <see cref="ArrayPool{T}.Shared"/> and may be longer than the records:
    /// give it back with <see cref="Return"/> once nothing reads it.
    /// </summary>
    public static EncodedRecord[] Encode(IReadOnlyList<MonitoredRecord> records, PooledByteBuffer payloads)
    {
        var encoded = ArrayPool<EncodedRecord>.Shared.Rent(records.Count);
        try
        {
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i] ?? throw new ArgumentException($"records[{i}] is null", nameof(records));
                if (string.IsNullOrEmpty(record.Tenant) || string.IsNullOrEmpty(record.Id))
                    throw new ArgumentException($"records[{i}]: tenant and id are required", nameof(records));
                var offset = payloads.WrittenCount;
                RecordCodec.Encode(record, payloads);
                var length = payloads.WrittenCount - offset;
                encoded[i] = new EncodedRecord(record.Tenant, record.Id, offset, length, ContentHash(payloads.WrittenSpan.Slice(offset, length)));
            }
        }
        catch
        {
            Return(encoded, records.Count);
            throw;
        }
        return encoded;
    }

    /// <summary>Gives back an array from <see cref="Encode"/>, first dropping its references to the records' keys.</summary>
    public static void Return(EncodedRecord[] encoded, int count)
    {
        Array.Clear(encoded, 0, count);
        ArrayPool<EncodedRecord>.Shared.Return(encoded);
    }

    /// <summary>
    /// 64 bits of SHA-256 over the encoding without its trailing acceptedAt (the only field a retry changes), so an
    /// identical retry hashes the same and a different record under the same id cannot be made to (second preimage).
    /// </summary>
    public static long ContentHash(ReadOnlySpan<byte> encoded)
    {
        var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        sha256.AppendData(encoded[..^RecordCodec.AcceptedAtBytes]);
        sha256.GetHashAndReset(digest);
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
        var records = append.Records;
        for (var i = 0; i < records.Length; i++)
        {
            if (append.Sequences[i] <= 0)
                continue;
            var record = records[i];
            scratch.Write(all.Slice(record.Offset, record.Length));
        }
        return scratch.WrittenSpan;
    }
}
