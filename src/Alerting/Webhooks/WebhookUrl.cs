using System.Net;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>Checks a subscription's URL when it is made: absolute http/https, and not a literal address the SSRF rule refuses.</summary>
public static class WebhookUrl
{
    public const int MaxLength = 2048;

    /// <summary>Why <paramref name="text"/> cannot be a webhook URL, or null when it can (names are checked again at connect time).</summary>
    public static string? Validate(string? text, SsrfGuard guard)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "url: required";
        if (text.Length > MaxLength)
            return $"url: at most {MaxLength} characters";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return "url: must be an absolute http or https URL";
        if (!string.IsNullOrEmpty(url.UserInfo))
            return "url: must not carry credentials";
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && !guard.Allows(address))
            return $"url: {address} is a {SsrfGuard.Classify(address)} address, which webhooks may not reach";
        return null;
    }
}
