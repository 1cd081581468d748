using Microsoft.AspNetCore.Diagnostics;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// Stores refuse bad client values (a forged cursor, a page size out of range) with ArgumentException:
/// that is the client's mistake, so it answers 400 with the reason instead of 500.
/// </summary>
public sealed class BadInputHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not ArgumentException e)
            return false;
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        await http.Response.WriteAsJsonAsync(new ApiError(e.Message), ct);
        return true;
    }
}
