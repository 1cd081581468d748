using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// POST /v1/records: a JSON array or NDJSON body, optionally gzip; 202 once every accepted record is journaled;
/// 415 for another Content-Type or Content-Encoding, 413 past MaxBodyBytes (inflated); 429 with Retry-After when
/// overloaded (too many bodies in memory, dispatch backed up, the tenant over its record rate), nothing accepted.
/// </summary>
public static class RecordsApi
{
    public static RouteGroupBuilder MapRecordsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/records", PostRecords).RequireAuthorization(Roles.Policies.WriteRecords);
        return v1;
    }

    public static async Task<Results<Accepted<IngestResult>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> PostRecords(
        HttpContext http, IngestService ingest, IngestOptions options, RequestBodyGate bodies, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (RecordBodyReader.CheckHeaders(http.Request) is { } unsupported)
            return TypedResults.Json(new ApiError(unsupported), statusCode: StatusCodes.Status415UnsupportedMediaType);
        var limit = options.MaxBodyBytes;
        if (http.Request.ContentLength > limit)
            return TooLarge($"body: exceeds {limit} bytes");

        using var place = await bodies.EnterAsync(ct);
        if (place is null)
            return Overloaded(http, $"more than {options.MaxConcurrentBodies} request bodies are being read; nothing of this request was accepted", TimeSpan.FromSeconds(1));

        var gzip = RecordBodyReader.IsGzip(http.Request);
        // Rented, and returned when this method ends: SubmitAsync has parsed the body into records of their own by then.
        using var buffer = new PooledBodyBuffer((int)Math.Min(http.Request.ContentLength ?? 64 * 1024, limit) + 1);
        switch (await RecordBodyReader.ReadAsync(http.Request.Body, gzip, limit, buffer, ct))
        {
            case RecordBodyReader.Outcome.TooLarge:
                return TooLarge(gzip ? $"body: inflates to more than {limit} bytes" : $"body: exceeds {limit} bytes");
            case RecordBodyReader.Outcome.BadEncoding:
                return TypedResults.BadRequest(new ApiError("body: not valid gzip"));
        }

        try
        {
            var result = await ingest.SubmitAsync(buffer.WrittenMemory, IngestSource.Http, caller.Tenant, ct);
            return TypedResults.Accepted((string?)null, result);
        }
        catch (IngestOverloadedException e)
        {
            return Overloaded(http, e.Message, e.RetryAfter);
        }
        catch (RecordBodyException e) when (e.TooManyRecords)
        {
            return TooLarge(e.Message);
        }
        catch (RecordBodyException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
    }

    private static JsonHttpResult<ApiError> Overloaded(HttpContext http, string reason, TimeSpan retryAfter)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Json(new ApiError(reason), statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static JsonHttpResult<ApiError> TooLarge(string reason) =>
        TypedResults.Json(new ApiError(reason), statusCode: StatusCodes.Status413PayloadTooLarge);
}
