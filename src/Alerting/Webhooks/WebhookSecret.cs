using System.Security.Cryptography;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>Issues subscription secrets: <c>whsec_</c> + base64 of 32 random bytes (Standard Webhooks allows 24–64).</summary>
public static class WebhookSecret
{
    public const int KeyBytes = 32;

    public static string New() => WebhookSigner.SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));
}
