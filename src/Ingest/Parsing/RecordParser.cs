using System.Text;
using System.Text.Json;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Splits a <c>POST /v1/records</c> body (a JSON array of objects, or NDJSON) into raw records and per-record
/// rejections. Pure and thread-safe. NDJSON is forgiving per line (a malformed line rejects only itself); a
/// malformed array has no trustworthy record boundaries, so it fails the whole body.
/// </summary>
public static class RecordParser
{
    /// <summary>Parses <paramref name="body"/>.</summary>
    /// <param name="body">UTF-8 JSON array or NDJSON; a leading UTF-8 BOM is ignored.</param>
    /// <param name="maxRecords">More records than this throw <see cref="RecordBodyException"/> with TooManyRecords.</param>
    /// <param name="maxRecordBytes">A record whose JSON is longer is rejected with <c>record: exceeds N bytes</c>.</param>
    /// <exception cref="RecordBodyException">Malformed JSON array (400) or too many records (413).</exception>
    public static ParseResult Parse(ReadOnlySpan<byte> body, int maxRecords, int maxRecordBytes) =>
        Parse(body, maxRecords, maxRecordBytes, OwnedBody.None);

    /// <summary>
    /// As <see cref="Parse(ReadOnlySpan{byte}, int, int)"/>, for a caller that owns the result, only reads it, and drops
    /// it before <paramref name="body"/> is reused (ingest): the records' PII stays as UTF-8 in the body for the
    /// pseudonymizer to hash instead of becoming strings, and records that repeat an <c>attributes</c> or
    /// <c>features</c> object share one map, which must therefore never be changed. Same records, values and rejections.
    /// </summary>
    internal static ParseResult ParseOwned(ReadOnlyMemory<byte> body, int maxRecords, int maxRecordBytes)
    {
        var result = new ParseResult([], [], default);
        Parse(body.Span, maxRecords, maxRecordBytes, Owned(body), result);
        return result;
    }

    /// <summary>
    /// As <see cref="ParseOwned(ReadOnlyMemory{byte}, int, int)"/>, into a result rented from <paramref name="pool"/>
    /// whose record and party objects an earlier parse used. The caller returns it to the pool once done, before
    /// <paramref name="body"/> is reused, and reads nothing of it afterwards (returning clears every record).
    /// </summary>
    internal static ParseResult ParseOwned(ReadOnlyMemory<byte> body, int maxRecords, int maxRecordBytes, ParseResultPool pool)
    {
        var result = pool.Rent();
        try
        {
            Parse(body.Span, maxRecords, maxRecordBytes, Owned(body), result);
            return result;
        }
        catch
        {
            pool.Return(result);
            throw;
        }
    }

    private static OwnedBody Owned(ReadOnlyMemory<byte> body) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment) ? new OwnedBody(segment.Array, segment.Offset) : OwnedBody.None;

    private static ParseResult Parse(ReadOnlySpan<byte> body, int maxRecords, int maxRecordBytes, OwnedBody owned)
    {
        var result = new ParseResult([], [], default);
        Parse(body, maxRecords, maxRecordBytes, owned, result);
        return result;
    }

    /// <summary>Fills the empty <paramref name="result"/>, taking its records and parties from its stock.</summary>
    private static void Parse(ReadOnlySpan<byte> body, int maxRecords, int maxRecordBytes, OwnedBody owned, ParseResult result)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRecords);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecordBytes);

        var start = body.StartsWith("\uFEFF"u8) ? 3 : 0;
        var first = start;
        while (first < body.Length && IsWhitespace(body[first]))
            first++;

        if (first < body.Length && body[first] == '[')
        {
            result.Format = RecordBodyFormat.JsonArray;
            ParseArray(body, start, maxRecords, maxRecordBytes, result, owned.At(start));
            return;
        }
        // One record a line at most: sized once instead of grown by doubling (a vectorised count costs far less).
        result.Format = RecordBodyFormat.Ndjson;
        result.Records.EnsureCapacity((int)Math.Min(maxRecords, body.Count((byte)'\n') + 1L));
        ParseNdjson(body, start, maxRecords, maxRecordBytes, result, owned);
    }

    private static void ParseArray(ReadOnlySpan<byte> body, int start, int maxRecords, int maxRecordBytes,
        ParseResult result, OwnedBody owned)
    {
        var (records, rejections, stock) = (result.Records, result.Rejections, result.Stock);
        var cache = Utf8StringCache.Current;
        var tooBig = ExceedsReason(maxRecordBytes);
        var reader = new Utf8JsonReader(body[start..]);
        try
        {
            reader.Read(); // the '['
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (index >= maxRecords)
                    throw TooMany(maxRecords);
                var offset = (int)reader.TokenStartIndex;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var record = stock.NextRecord();
                    record.Index = index;
                    record.Offset = start + offset;
                    RawRecordReader.ReadObject(ref reader, record, cache, owned, stock);
                    record.Length = (int)reader.BytesConsumed - offset;
                    if (record.Length > maxRecordBytes)
                        rejections.Add(new Rejection(index, EchoId(record.Id), tooBig, null) { Offset = record.Offset, Length = record.Length });
                    else
                        records.Add(record);
                }
                else
                {
                    reader.Skip();
                    rejections.Add(new Rejection(index, null, "record: must be a JSON object", null)
                    {
                        Offset = start + offset,
                        Length = (int)reader.BytesConsumed - offset,
                    });
                }
                index++;
            }
            // The reader throws on anything but whitespace after the closing ']'.
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw new RecordBodyException(
                $"json: invalid array body at line {e.LineNumber + 1}, byte {e.BytePositionInLine}", inner: e);
        }
        catch (Exception e) when (e is InvalidOperationException or DecoderFallbackException)
        {
            throw new RecordBodyException(
                $"json: invalid UTF-8 in array body near byte {start + reader.TokenStartIndex}", inner: e);
        }
    }

    private static void ParseNdjson(ReadOnlySpan<byte> body, int start, int maxRecords, int maxRecordBytes,
        ParseResult result, OwnedBody owned)
    {
        var cache = Utf8StringCache.Current;
        string? tooBig = null;
        var index = 0;
        var position = start;
        while (position < body.Length)
        {
            var rest = body[position..];
            var newline = rest.IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? rest.Length : newline;
            var lineStart = 0;
            while (lineStart < lineEnd && IsWhitespace(rest[lineStart]))
                lineStart++;
            var trimmedEnd = lineEnd;
            while (trimmedEnd > lineStart && IsWhitespace(rest[trimmedEnd - 1]))
                trimmedEnd--;

            var offset = position + lineStart;
            var line = rest[lineStart..trimmedEnd];
            position += newline < 0 ? rest.Length : newline + 1;
            if (line.IsEmpty)
                continue;
            if (index >= maxRecords)
                throw TooMany(maxRecords);

            if (line.Length > maxRecordBytes)
            {
                tooBig ??= ExceedsReason(maxRecordBytes);
                result.Rejections.Add(new Rejection(index, EchoId(TryReadId(line)), tooBig, null) { Offset = offset, Length = line.Length });
            }
            else
            {
                ParseLine(line, index, offset, cache, result, owned.At(offset));
            }
            index++;
        }
    }

    private static void ParseLine(ReadOnlySpan<byte> line, int index, int offset, Utf8StringCache cache,
        ParseResult result, OwnedBody owned)
    {
        var record = result.Stock.NextRecord();
        record.Index = index;
        record.Offset = offset;
        record.Length = line.Length;
        var reader = new Utf8JsonReader(line);
        string? reason = null;
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                RawRecordReader.ReadObject(ref reader, record, cache, owned, result.Stock);
            }
            else
            {
                reader.Skip();
                reason = "record: must be a JSON object";
            }
            // A second value on the same line makes the reader throw: one line, one record.
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            reason = $"json: invalid at byte {e.BytePositionInLine}";
        }
        catch (Exception e) when (e is InvalidOperationException or DecoderFallbackException)
        {
            reason = $"json: invalid UTF-8 at byte {reader.TokenStartIndex}";
        }

        if (reason is null)
            result.Records.Add(record);
        else
            result.Rejections.Add(new Rejection(index, EchoId(record.Id), reason, null) { Offset = offset, Length = line.Length });
    }

    /// <summary>Best effort for an oversized line: the top-level <c>id</c>, without materialising other values.</summary>
    private static string? TryReadId(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId)
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Oversized and malformed: the reason still says "exceeds", without an id.
        }
        return null;
    }

    /// <summary>Ids are echoed to the caller and into dead letters: cut short, PII masked (<see cref="RecordIdText.Echo"/>).</summary>
    internal static string? EchoId(string? id) => RecordIdText.Echo(id);

    private static string ExceedsReason(int maxRecordBytes) => $"record: exceeds {maxRecordBytes} bytes";

    private static RecordBodyException TooMany(int maxRecords) =>
        new($"body: more than {maxRecords} records", tooManyRecords: true);

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
