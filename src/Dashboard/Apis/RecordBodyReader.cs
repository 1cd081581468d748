using System.IO.Compression;
using Microsoft.Net.Http.Headers;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// Reads a POST /v1/records body: JSON or NDJSON (or no Content-Type), identity or gzip. The size limit holds on the
/// inflated bytes, so a small gzip bomb stops at the limit instead of filling memory.
/// </summary>
public static class RecordBodyReader
{
    public enum Outcome { Read, TooLarge, BadEncoding }

    public static readonly string[] MediaTypes = ["application/json", "application/x-ndjson"];

    /// <summary>Why the request's Content-Type or Content-Encoding is refused (415), or null when it is one we read.</summary>
    public static string? CheckHeaders(HttpRequest request)
    {
        if (request.ContentType is { } contentType)
        {
            if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
                || !MediaTypes.Any(m => string.Equals(media.MediaType.Value, m, StringComparison.OrdinalIgnoreCase)))
                return $"Content-Type: must be {string.Join(" or ", MediaTypes)} (got '{contentType}')";
        }
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Length > 0 && !IsGzip(encoding) && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            return $"Content-Encoding: must be gzip or identity (got '{encoding}')";
        return null;
    }

    public static bool IsGzip(HttpRequest request) => IsGzip(request.Headers.ContentEncoding.ToString().Trim());

    private static bool IsGzip(string encoding) => encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads at most <paramref name="limit"/> bytes of <paramref name="body"/> (inflated when gzip) into <paramref name="buffer"/>.</summary>
    public static async Task<Outcome> ReadAsync(Stream body, bool gzip, long limit, PooledBodyBuffer buffer, CancellationToken ct)
    {
        // The request body itself is the server's to dispose; only the inflater is ours.
        await using var inflater = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : null;
        var source = (Stream?)inflater ?? body;
        try
        {
            while (true)
            {
                // Fill the free space first (the caller sizes the buffer from Content-Length): asking for 64 KiB each
                // time grew and copied a right-sized buffer near its end, about 3× the body in allocations. Only a
                // full buffer (unknown length, gzip) grows.
                var memory = buffer.GetMemory(buffer.FreeCapacity > 0 ? 1 : 64 * 1024);
                var read = await source.ReadAsync(memory, ct);
                if (read == 0)
                    return Outcome.Read;
                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                    return Outcome.TooLarge;
            }
        }
        catch (InvalidDataException) when (gzip)
        {
            return Outcome.BadEncoding;
        }
    }
}
