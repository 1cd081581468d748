using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// The client's mistakes answer 4xx with the reason, never an empty body or a 500. Stores refuse bad values (a forged
/// cursor, a page size out of range) with ArgumentException; minimal-API binding refuses a query value it cannot
/// parse (<c>pageSize=abc</c>) or a JSON body it cannot read (<c>"stage": "bogus"</c>) with BadHttpRequestException
/// (thrown because ThrowOnBadRequest is on). Both answer RFC 9457 problem+json naming the parameter; <c>error</c>
/// repeats the reason so clients reading <see cref="ApiError"/> keep working.
/// </summary>
public sealed partial class BadInputHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, parameter, reason) = exception switch
        {
            BadHttpRequestException e => (e.StatusCode, ParameterOf(e), ReasonOf(e)),
            ArgumentException e => (StatusCodes.Status400BadRequest, e.ParamName, e.Message),
            _ => (0, null, null),
        };
        if (status == 0)
            return false;
        var detail = parameter is null || reason!.StartsWith(parameter + ":", StringComparison.Ordinal) ? reason! : $"{parameter}: {reason}";
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = TitleOf(status), Detail = detail };
        if (parameter is not null)
            problem.Extensions["parameter"] = parameter;
        problem.Extensions["error"] = detail;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The JSON member that failed (<c>$.canaryShare</c> → <c>canaryShare</c>), else the bound parameter's name.</summary>
    public static string? ParameterOf(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException { Path: { Length: > 2 } path } && path.StartsWith("$.", StringComparison.Ordinal))
            return path[2..];
        var match = BoundParameter().Match(e.Message);
        return match.Success ? match.Groups["name"].Value : null;
    }

    private static string ReasonOf(BadHttpRequestException e) => e.InnerException switch
    {
        JsonException j => "not valid here: " + j.Message,
        _ => e.Message,
    };

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Invalid request",
    };

    // ASP.NET Core's binding messages quote the parameter as "<type> <name>", e.g. Failed to bind parameter "int? pageSize" from "abc".
    [GeneratedRegex("""parameter "[^"]*?(?<name>[A-Za-z_][A-Za-z0-9_]*)"(?: from|\s|\.)""")]
    private static partial Regex BoundParameter();
}
