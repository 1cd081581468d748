using System.Diagnostics;
using System.Net;
using System.Text;
using Lepton.Monitor.Contracts.Tracing;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>
/// Makes one delivery attempt: signs the stored body with every valid secret, POSTs it with the Standard Webhooks
/// headers, and follows up to <see cref="MaxRedirects"/> 307/308 redirects (which keep the POST); any other redirect
/// fails the attempt. Never throws for the receiver's behaviour: every failure is an <see cref="AttemptResponse"/>.
/// </summary>
public sealed class WebhookTransmitter(HttpClient client, WebhookOptions options)
{
    public const int MaxRedirects = 3;
    public const string UserAgent = "Lepton-Monitor-Webhooks/1";

    public async Task<AttemptResponse> SendAsync(DueDelivery delivery, DateTimeOffset now, CancellationToken ct)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var signature = WebhookSigner.Sign(delivery.Secrets.ValidAt(now), delivery.Id, timestamp, delivery.Body);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.Timeout);
        var url = new Uri(delivery.Url);
        using var activity = WebhookTracing.Source.StartActivity(WebhookTracing.DeliverActivityName, ActivityKind.Client);
        activity?.SetTag("lepton.webhook.delivery", delivery.Id);
        activity?.SetTag("server.address", url.Host);
        var traceParent = WebhookTracing.TraceParentOf(activity);
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("webhook-id", delivery.Id);
                request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", signature);
                request.Headers.UserAgent.ParseAdd(UserAgent);
                request.Headers.TryAddWithoutValidation(W3CTraceContext.TraceParent, traceParent);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                activity?.SetTag("http.response.status_code", status);
                if (status is 307 or 308)
                {
                    if (hop == MaxRedirects)
                        return new AttemptResponse(status, Error: $"more than {MaxRedirects} redirects");
                    if (response.Headers.Location is not { } location)
                        return new AttemptResponse(status, Error: $"redirect {status} without a Location");
                    url = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
                        return new AttemptResponse(status, Error: $"redirect to a {url.Scheme} URL", Permanent: true);
                    continue;
                }
                if (status is >= 300 and < 400)
                    return new AttemptResponse(status, Error: $"redirect {status} not followed (only 307 and 308 keep the POST)");
                return new AttemptResponse(status, RetryAfterOf(response, now));
            }
        }
        catch (Exception e) when (Refusal(e) is { } refused)
        {
            return new AttemptResponse(null, Error: "target refused: " + refused.Message, Permanent: true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResponse(null, Error: $"no answer within {options.Timeout}");
        }
        catch (HttpRequestException e)
        {
            return new AttemptResponse(null, Error: e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message);
        }
    }

    /// <summary><c>Retry-After</c> as seconds or an HTTP date, as a wait from <paramref name="now"/>.</summary>
    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static WebhookTargetRefusedException? Refusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is WebhookTargetRefusedException refused)
                return refused;
        }
        return null;
    }
}
