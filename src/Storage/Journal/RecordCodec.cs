using System.Buffers;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Compact binary encoding of a pseudonymized <see cref="MonitoredRecord"/> for the journal (the ingest hot
/// path: no reflection, no JSON). Layout, version 1, after a leading version byte:
/// id, tenant, timestamp, amount, currency, channel, originator?, beneficiary?, jurisdictions?,
/// dataSubjectRegion?, processingRegion?, memo?, attributes?, features?, acceptedAt.
/// Decoding gives back exactly what was encoded (a null the nullable annotations forbid included), so
/// recovery never fails on a record that was accepted.
/// A new field means a new version byte and a new branch in <see cref="Decode"/>; old payloads stay readable.
/// </summary>
public static class RecordCodec
{
    public const byte CurrentVersion = 1;

    /// <summary>Size of the trailing acceptedAt (ticks and offset minutes): the part of an encoding a retry changes.</summary>
    public const int AcceptedAtBytes = sizeof(long) + sizeof(short);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static byte[] Encode(MonitoredRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        Encode(record, buffer);
        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
            t_buffer = null; // one huge memo must not pin a large buffer per thread forever
        return bytes;
    }

    /// <summary>Appends the encoding of <paramref name="record"/> to <paramref name="buffer"/> (no allocation of its own).</summary>
    public static void Encode(MonitoredRecord record, IBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(record);
        var writer = new PayloadWriter(buffer);

        writer.WriteByte(CurrentVersion);
        writer.WriteString(record.Id);
        writer.WriteString(record.Tenant);
        writer.WriteDateTimeOffset(record.Timestamp);
        writer.WriteDecimal(record.Amount);
        writer.WriteString(record.Currency);
        writer.WriteByte((byte)record.Channel);
        WriteParty(writer, record.Originator);
        WriteParty(writer, record.Beneficiary);
        writer.WriteCount(record.Jurisdictions?.Length);
        if (record.Jurisdictions is { } jurisdictions)
            foreach (var j in jurisdictions)
                writer.WriteString(j);
        writer.WriteString(record.DataSubjectRegion);
        writer.WriteString(record.ProcessingRegion);
        writer.WriteString(record.Memo);
        WriteAttributes(writer, record.Attributes);
        WriteFeatures(writer, record.Features);
        writer.WriteDateTimeOffset(record.AcceptedAt);
    }

    /// <summary>
    /// Returns the UTF-8 bytes of the id and tenant as <see cref="Encode(MonitoredRecord, IBufferWriter{byte})"/> wrote
    /// them (they lead every encoding), so the journal writer binds its key without transcoding the strings again.
    /// </summary>
    internal static void ReadKey(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> id, out ReadOnlySpan<byte> tenant)
    {
        var reader = new PayloadReader(payload);
        var version = reader.ReadByte();
        if (version != CurrentVersion)
            throw new InvalidDataException($"journal payload: unknown encoding version {version}");
        id = reader.ReadRequiredStringBytes();
        tenant = reader.ReadRequiredStringBytes();
    }

    public static MonitoredRecord Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        return Decode(ref reader);
    }

    /// <summary>
    /// Decodes a block: encodings written back to back (each one delimits itself), exactly
    /// <paramref name="expectedCount"/> of them. A one-record block is just that record's payload.
    /// </summary>
    public static MonitoredRecord[] DecodeBlock(ReadOnlySpan<byte> block, int expectedCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedCount, 1);
        var reader = new PayloadReader(block);
        var records = new MonitoredRecord[expectedCount];
        for (var i = 0; i < records.Length; i++)
            records[i] = Decode(ref reader);
        if (reader.Remaining != 0)
            throw new InvalidDataException($"journal block: {reader.Remaining} bytes after its {expectedCount} records");
        return records;
    }

    private static MonitoredRecord Decode(ref PayloadReader reader)
    {
        var version = reader.ReadByte();
        if (version != 1)
            throw new InvalidDataException($"journal payload: unknown encoding version {version}");

        var id = reader.ReadRequiredString();
        var tenant = reader.ReadRequiredString();
        var timestamp = reader.ReadDateTimeOffset();
        var amount = reader.ReadDecimal();
        var currency = reader.ReadString()!;
        var channel = (PaymentChannel)reader.ReadByte();
        var originator = ReadParty(ref reader);
        var beneficiary = ReadParty(ref reader);
        string[]? jurisdictions = null;
        if (reader.ReadCount() is { } jurisdictionCount)
        {
            jurisdictions = new string[jurisdictionCount];
            for (var i = 0; i < jurisdictionCount; i++)
                jurisdictions[i] = reader.ReadString()!;
        }
        var dataSubjectRegion = reader.ReadString();
        var processingRegion = reader.ReadString();
        var memo = reader.ReadString();
        Dictionary<string, string>? attributes = null;
        if (reader.ReadCount() is { } attributeCount)
        {
            attributes = new Dictionary<string, string>(attributeCount, StringComparer.Ordinal);
            for (var i = 0; i < attributeCount; i++)
                attributes[reader.ReadRequiredString()] = reader.ReadString()!;
        }
        Dictionary<string, double>? features = null;
        if (reader.ReadCount() is { } featureCount)
        {
            features = new Dictionary<string, double>(featureCount, StringComparer.Ordinal);
            for (var i = 0; i < featureCount; i++)
                features[reader.ReadRequiredString()] = reader.ReadDouble();
        }
        var acceptedAt = reader.ReadDateTimeOffset();

        return new MonitoredRecord(id, tenant, timestamp, amount, currency, channel, originator, beneficiary,
            jurisdictions, dataSubjectRegion, processingRegion, memo, attributes, features)
        {
            AcceptedAt = acceptedAt,
        };
    }

    // The maps are Dictionary<,> on the ingest path: enumerating them through the interface would box an enumerator
    // per record, so exactly that type gets its struct enumerator (a subclass might enumerate differently). Both walk
    // the same entries in the same order, so the bytes are the same either way.
    private static void WriteAttributes(PayloadWriter writer, IReadOnlyDictionary<string, string>? attributes)
    {
        writer.WriteCount(attributes?.Count);
        if (attributes is Dictionary<string, string> dictionary && dictionary.GetType() == typeof(Dictionary<string, string>))
        {
            foreach (var (key, value) in dictionary)
            {
                writer.WriteString(key);
                writer.WriteString(value);
            }
        }
        else if (attributes is not null)
        {
            foreach (var (key, value) in attributes)
            {
                writer.WriteString(key);
                writer.WriteString(value);
            }
        }
    }

    private static void WriteFeatures(PayloadWriter writer, IReadOnlyDictionary<string, double>? features)
    {
        writer.WriteCount(features?.Count);
        if (features is Dictionary<string, double> dictionary && dictionary.GetType() == typeof(Dictionary<string, double>))
        {
            foreach (var (key, value) in dictionary)
            {
                writer.WriteString(key);
                writer.WriteDouble(value);
            }
        }
        else if (features is not null)
        {
            foreach (var (key, value) in features)
            {
                writer.WriteString(key);
                writer.WriteDouble(value);
            }
        }
    }

    private static void WriteParty(PayloadWriter writer, Party? party)
    {
        if (party is null)
        {
            writer.WriteByte(0);
            return;
        }
        writer.WriteByte(1);
        writer.WriteString(party.Account);
        writer.WriteString(party.Name);
        writer.WriteString(party.Country);
        writer.WriteString(party.CustomerId);
    }

    private static Party? ReadParty(ref PayloadReader reader) =>
        reader.ReadByte() switch
        {
            0 => null,
            1 => new Party(reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString()),
            var marker => throw new InvalidDataException($"journal payload: bad party marker {marker}"),
        };
}
