namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>The parts of an Azure Event Hubs connection string the Kafka endpoint needs.</summary>
public sealed record EventHubsConnectionString(string Namespace, string? EntityPath)
{
    /// <summary>Event Hubs' Kafka endpoint: the namespace host on port 9093.</summary>
    public string BootstrapServers => $"{Namespace}:9093";

    /// <summary>Parses <c>Endpoint=sb://HOST/;SharedAccessKeyName=…;SharedAccessKey=…[;EntityPath=…]</c>; null and a reason when it is not one.</summary>
    public static EventHubsConnectionString? TryParse(string value, out string? reason)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = segment.IndexOf('=');
            if (eq <= 0)
            {
                reason = $"'{Mask(segment)}' is not a Key=Value pair";
                return null;
            }
            parts[segment[..eq]] = segment[(eq + 1)..];
        }
        if (!parts.TryGetValue("Endpoint", out var endpoint) || !endpoint.StartsWith("sb://", StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            reason = "must contain Endpoint=sb://<namespace>.servicebus.windows.net/";
            return null;
        }
        var hasKey = parts.ContainsKey("SharedAccessKeyName") && parts.ContainsKey("SharedAccessKey");
        if (!hasKey && !parts.ContainsKey("SharedAccessSignature"))
        {
            reason = "must contain SharedAccessKeyName and SharedAccessKey (or SharedAccessSignature)";
            return null;
        }
        reason = null;
        return new EventHubsConnectionString(uri.Host, parts.GetValueOrDefault("EntityPath"));
    }

    // Never echo a secret into an error message.
    private static string Mask(string segment) => segment.Length <= 12 ? segment : segment[..12] + "…";
}
