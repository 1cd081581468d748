using System.Buffers;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>POST /v1/records: a JSON array or NDJSON body; 202 once every accepted record is journaled.</summary>
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
        var limit = options.MaxBodyBytes;
        if (http.Request.ContentLength > limit)
            return TooLarge($"body: exceeds {limit} bytes");

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(http.Request.ContentLength ?? 64 * 1024, limit) + 1);
        var body = http.Request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(64 * 1024);
            var read = await body.ReadAsync(memory, ct);
            if (read == 0)
                break;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
                return TooLarge($"body: exceeds {limit} bytes");
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
