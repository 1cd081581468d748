using System.Buffers;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// POST /v1/records: a JSON array or NDJSON body, optionally gzip; 202 once every accepted record is journaled;
/// 415 for another Content-Type or Content-Encoding, 413 past MaxBodyBytes (inflated).
/// </summary>
public static class RecordsApi
{
    public static RouteGroupBuilder MapRecordsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/records", PostRecords).RequireAuthorization(Roles.Policies.WriteRecords);
        return v1;
    }

    public static async Task<Results<Accepted<IngestResult>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> PostRecords(
        HttpContext http, IngestService ingest, IngestOptions options, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (RecordBodyReader.CheckHeaders(http.Request) is { } unsupported)
            return TypedResults.Json(new ApiError(unsupported), statusCode: StatusCodes.Status415UnsupportedMediaType);
        var limit = options.MaxBodyBytes;
        if (http.Request.ContentLength > limit)
            return TooLarge($"body: exceeds {limit} bytes");

        var gzip = RecordBodyReader.IsGzip(http.Request);
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(http.Request.ContentLength ?? 64 * 1024, limit) + 1);
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
        catch (RecordBodyException e) when (e.TooManyRecords)
        {
            return TooLarge(e.Message);
        }
        catch (RecordBodyException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
    }

    private static JsonHttpResult<ApiError> TooLarge(string reason) =>
        TypedResults.Json(new ApiError(reason), statusCode: StatusCodes.Status413PayloadTooLarge);
}
