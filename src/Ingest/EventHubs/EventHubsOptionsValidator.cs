using Lepton.Monitor.Ingest.Kafka;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>Checks <see cref="EventHubsOptions"/> at start; every error names the configuration key that is wrong.</summary>
public static class EventHubsOptionsValidator
{
    /// <summary>Every problem, each starting with the full key (e.g. <c>Lepton:EventHubs:ConnectionString: …</c>).</summary>
    public static IReadOnlyList<string> Check(EventHubsOptions o, int maxRecordsPerRequest)
    {
        var errors = new List<string>();
        if (o.Enabled == false)
            return errors;
        var hasConnection = !string.IsNullOrWhiteSpace(o.ConnectionString);
        var hasNamespace = !string.IsNullOrWhiteSpace(o.FullyQualifiedNamespace);
        if (hasConnection && hasNamespace)
            errors.Add(Key("ConnectionString") + ": set either ConnectionString (a SAS policy) or FullyQualifiedNamespace (DefaultAzureCredential), not both");
        if (!hasConnection && !hasNamespace)
        {
            if (o.Enabled == true)
                errors.Add(Key("ConnectionString") + ": Lepton:EventHubs:Enabled is true but neither ConnectionString nor FullyQualifiedNamespace is set");
            return errors;
        }
        if (hasConnection && !hasNamespace)
        {
            var parsed = EventHubsConnectionString.TryParse(o.ConnectionString!, out var reason);
            if (parsed is null)
                errors.Add(Key("ConnectionString") + ": " + reason);
            else if (parsed.EntityPath is { Length: > 0 } hub)
                errors.Add(Key("ConnectionString") + $": names one event hub (EntityPath={hub}); use a namespace-level connection string, the hubs are set by EventHub and AlertHub");
        }
        if (hasNamespace && !hasConnection)
        {
            var ns = o.FullyQualifiedNamespace!.Trim();
            if (ns.Contains("://", StringComparison.Ordinal) || ns.Contains('/') || Uri.CheckHostName(ns.Split(':')[0]) == UriHostNameType.Unknown)
                errors.Add(Key("FullyQualifiedNamespace") + $": '{ns}' is not a host name (expected NS.servicebus.windows.net)");
        }
        if (o.ConsumerEnabled)
        {
            if (string.IsNullOrWhiteSpace(o.EventHub))
                errors.Add(Key("EventHub") + ": required when the consumer is enabled");
            if (string.IsNullOrWhiteSpace(o.ConsumerGroup))
                errors.Add(Key("ConsumerGroup") + ": required when the consumer is enabled");
        }
        if (!string.Equals(o.StartPosition, "earliest", StringComparison.OrdinalIgnoreCase) && !string.Equals(o.StartPosition, "latest", StringComparison.OrdinalIgnoreCase))
            errors.Add(Key("StartPosition") + $": '{o.StartPosition}' must be 'earliest' or 'latest'");
        if (o.BatchSize < 1 || o.BatchSize > maxRecordsPerRequest)
            errors.Add(Key("BatchSize") + $": must lie in 1..{maxRecordsPerRequest} (Lepton:Ingest:MaxRecordsPerRequest)");
        if (o.MaxWaitMs is < 1 or > 60_000)
            errors.Add(Key("MaxWaitMs") + ": must lie in 1..60000");
        if (o.PrefetchCount < 0)
            errors.Add(Key("PrefetchCount") + ": must not be negative");
        if (o.MaxInFlightBatchesPerPartition < 1)
            errors.Add(Key("MaxInFlightBatchesPerPartition") + ": must be at least 1");
        if (o.LoadBalancingIntervalSeconds < 1)
            errors.Add(Key("LoadBalancingIntervalSeconds") + ": must be at least 1");
        if (o.OwnershipExpirationSeconds <= o.LoadBalancingIntervalSeconds)
            errors.Add(Key("OwnershipExpirationSeconds") + ": must be longer than LoadBalancingIntervalSeconds (ownership is renewed once per interval)");
        if (o.DrainTimeoutMs < 0)
            errors.Add(Key("DrainTimeoutMs") + ": must not be negative");
        if (!string.IsNullOrWhiteSpace(o.AlertHub) && string.Equals(o.AlertHub, o.EventHub, StringComparison.Ordinal))
            errors.Add(Key("AlertHub") + ": must differ from EventHub (alerts would be consumed as transactions)");
        return errors;
    }

    /// <summary>Throws <see cref="EventHubsConfigurationException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(EventHubsOptions options, int maxRecordsPerRequest)
    {
        var errors = Check(options, maxRecordsPerRequest);
        if (errors.Count > 0)
            throw new EventHubsConfigurationException(errors);
    }

    private static string Key(string name) => EventHubsOptions.Section + ":" + name;
}
