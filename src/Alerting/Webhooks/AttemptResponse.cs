namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>
/// What one attempt came back with: the final status code (after redirects; null when none came), a <c>Retry-After</c>,
/// the error when it failed without one, and whether the failure is permanent (an SSRF refusal: retrying cannot help).
/// </summary>
public sealed record AttemptResponse(int? StatusCode, TimeSpan? RetryAfter = null, string? Error = null, bool Permanent = false)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
