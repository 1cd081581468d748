using System.Security.Cryptography;
using System.Text;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64 HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed
/// with the base64-decoded part of the <c>whsec_</c> secret. Several (during a secret rotation) are space-separated.
/// </summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    public static string Sign(string secret, string webhookId, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), content));
    }

    /// <summary>The <c>webhook-signature</c> header: one signature per secret, space-separated, in the order given.</summary>
    public static string Sign(IEnumerable<string> secrets, string webhookId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(s => Sign(s, webhookId, timestamp, body)));

    /// <summary>The HMAC key of a secret (<c>whsec_</c> prefix optional).</summary>
    public static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
}
