using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>Section <c>Lepton:Webhooks</c>: how deliveries are sent, retried and guarded.</summary>
public sealed record WebhookOptions
{
    public const string Section = "Lepton:Webhooks";

    /// <summary>One attempt's limit, redirects included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    public RetrySchedule RetrySchedule { get; init; } = RetrySchedule.Default;

    /// <summary>How long the secret before a rotation stays valid (both signatures are sent meanwhile).</summary>
    public TimeSpan SecretRotationOverlap { get; init; } = TimeSpan.FromHours(24);

    /// <summary>An endpoint with no success for this long is disabled.</summary>
    public TimeSpan DisableAfter { get; init; } = TimeSpan.FromDays(5);

    /// <summary>The longest <c>Retry-After</c> honoured (a receiver cannot park a delivery for months).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromHours(1);

    public bool AllowPrivateNetworks { get; init; }

    /// <summary>Exact addresses allowed even when private (on-premises receivers).</summary>
    public IReadOnlyList<IPAddress> AllowedAddresses { get; init; } = [];

    /// <summary>How often the dispatcher looks at the change feed when not woken by a commit.</summary>
    public TimeSpan DispatchInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the sender looks for due deliveries when not woken by new ones.</summary>
    public TimeSpan SendInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts in flight at once (across endpoints).</summary>
    public int MaxInFlight { get; init; } = 16;

    /// <summary>Due deliveries taken per sender pass.</summary>
    public int BatchSize { get; init; } = 256;

    public SsrfGuard CreateGuard() => new(AllowPrivateNetworks, AllowedAddresses);

    /// <summary>Reads the section; a value that does not parse stops the start with a message naming the key.</summary>
    public static WebhookOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new WebhookOptions();
        TimeSpan Time(string key, TimeSpan fallback)
        {
            var text = section[key];
            if (string.IsNullOrWhiteSpace(text))
                return fallback;
            if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || value < TimeSpan.Zero)
                throw new FormatException($"{Section}:{key}: '{text}' is not a TimeSpan (e.g. 00:00:15)");
            return value;
        }
        int Count(string key, int fallback)
        {
            var text = section[key];
            if (string.IsNullOrWhiteSpace(text))
                return fallback;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
                throw new FormatException($"{Section}:{key}: '{text}' is not a positive integer");
            return value;
        }
        var allowed = new List<IPAddress>();
        foreach (var text in (section["AllowedAddresses"] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IPAddress.TryParse(text, out var address))
                throw new FormatException($"{Section}:AllowedAddresses: '{text}' is not an IP address");
            allowed.Add(address);
        }
        var allowPrivate = section["AllowPrivateNetworks"];
        return new WebhookOptions
        {
            Timeout = Time("Timeout", defaults.Timeout),
            RetrySchedule = string.IsNullOrWhiteSpace(section["RetryDelays"]) ? RetrySchedule.Default : RetrySchedule.Parse(section["RetryDelays"]!),
            SecretRotationOverlap = Time("SecretRotationOverlap", defaults.SecretRotationOverlap),
            DisableAfter = Time("DisableAfter", defaults.DisableAfter),
            MaxRetryAfter = Time("MaxRetryAfter", defaults.MaxRetryAfter),
            AllowPrivateNetworks = !string.IsNullOrWhiteSpace(allowPrivate) && (bool.TryParse(allowPrivate, out var b)
                ? b : throw new FormatException($"{Section}:AllowPrivateNetworks: '{allowPrivate}' is not true or false")),
            AllowedAddresses = allowed,
            DispatchInterval = Time("DispatchInterval", defaults.DispatchInterval),
            SendInterval = Time("SendInterval", defaults.SendInterval),
            MaxInFlight = Count("MaxInFlight", defaults.MaxInFlight),
            BatchSize = Count("BatchSize", defaults.BatchSize),
        };
    }
}
