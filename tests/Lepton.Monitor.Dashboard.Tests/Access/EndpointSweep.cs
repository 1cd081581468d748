using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace Lepton.Monitor.Dashboard.Tests.Access;

/// <summary>
/// Every endpoint the running host maps, asked without a credential: the anonymous ones must be exactly the
/// expected list (a new route without RequireAuthorization shows up here), every other one must answer 401 JSON.
/// </summary>
public static partial class EndpointSweep
{
    /// <summary>Routes that are anonymous on purpose: the board's files (they hold no data), health, the sign-in config.</summary>
    public static readonly string[] AnonymousByDesign =
    [
        "GET /", "GET /alerts/{id}", "GET /entities/{entity}", "GET /monitor", "GET /posture", "GET /reports", "GET /reports/{id}", "GET /signin", "GET /ui/{**path}",
        "GET /health/live", "GET /health/ready", "GET /v1/ui/config",
        // Prometheus scrapes without a key: bind the port to the monitoring network (its labels name tenants).
        "GET /metrics",
    ];

    public sealed record Finding(string Route, int Status, string? ContentType, string? Location);

    public static IEnumerable<(string Method, string Pattern, bool Anonymous)> Endpoints(LeptonTestHost host) =>
        ((IEndpointRouteBuilder)host.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (
                m,
                "/" + e.RoutePattern.RawText!.TrimStart('/'),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null || e.Metadata.GetMetadata<IAuthorizeData>() is null)))
            .Distinct();

    /// <summary>Asks every protected endpoint without a credential; returns those that did not answer 401 JSON without a redirect.</summary>
    public static async Task<List<Finding>> ProtectedAnswersAsync(LeptonTestHost host)
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var findings = new List<Finding>();
        foreach (var (method, pattern, anonymousEndpoint) in Endpoints(host).Where(e => !e.Anonymous))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), RouteValue().Replace(pattern, "x1"));
            if (method is "POST" or "PUT" or "PATCH")
                request.Content = JsonContent.Create(new { });
            using var response = await anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var type = response.Content.Headers.ContentType?.MediaType;
            if (response.StatusCode != HttpStatusCode.Unauthorized || type != "application/json" || response.Headers.Location is not null)
                findings.Add(new Finding($"{method} {pattern}", (int)response.StatusCode, type, response.Headers.Location?.ToString()));
        }
        return findings;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
