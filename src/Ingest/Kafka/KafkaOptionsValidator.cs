namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>Checks <see cref="KafkaOptions"/> at start; every error names the configuration key that is wrong.</summary>
public static class KafkaOptionsValidator
{
    /// <summary>Every problem, each starting with the full key (e.g. <c>Lepton:Kafka:ConnectionString: …</c>).</summary>
    public static IReadOnlyList<string> Check(KafkaOptions o, int maxRecordsPerRequest)
    {
        var errors = new List<string>();
        var hasServers = !string.IsNullOrWhiteSpace(o.BootstrapServers);
        var hasConnection = !string.IsNullOrWhiteSpace(o.ConnectionString);
        if (o.Enabled == false)
            return errors;
        if (hasServers && hasConnection)
            errors.Add(Key("BootstrapServers") + ": set either BootstrapServers (plain Kafka) or ConnectionString (Event Hubs), not both");
        if (!hasServers && !hasConnection)
        {
            if (o.Enabled == true)
                errors.Add(Key("BootstrapServers") + ": Lepton:Kafka:Enabled is true but neither BootstrapServers nor ConnectionString is set");
            return errors;
        }
        if (hasServers)
        {
            foreach (var server in o.BootstrapServers!.Split(',', StringSplitOptions.TrimEntries))
            {
                var colon = server.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
                    errors.Add(Key("BootstrapServers") + $": '{server}' is not host:port");
            }
        }
        if (hasConnection && !hasServers)
        {
            var parsed = EventHubsConnectionString.TryParse(o.ConnectionString!, out var reason);
            if (parsed is null)
                errors.Add(Key("ConnectionString") + ": " + reason);
            else if (parsed.EntityPath is { Length: > 0 } hub && o.ConsumerEnabled && !string.Equals(hub, o.Topic, StringComparison.Ordinal))
                errors.Add(Key("Topic") + $": '{o.Topic}' differs from the connection string's EntityPath '{hub}' (use a namespace-level connection string, or set Topic to the event hub)");
        }
        if (o.ConsumerEnabled)
        {
            if (string.IsNullOrWhiteSpace(o.Topic))
                errors.Add(Key("Topic") + ": required when the consumer is enabled");
            if (string.IsNullOrWhiteSpace(o.ConsumerGroup))
                errors.Add(Key("ConsumerGroup") + ": required when the consumer is enabled");
        }
        if (o.BatchSize < 1 || o.BatchSize > maxRecordsPerRequest)
            errors.Add(Key("BatchSize") + $": must lie in 1..{maxRecordsPerRequest} (Lepton:Ingest:MaxRecordsPerRequest)");
        if (o.BatchLingerMs is < 0 or > 60_000)
            errors.Add(Key("BatchLingerMs") + ": must lie in 0..60000");
        if (o.MaxInFlightBatchesPerPartition < 1)
            errors.Add(Key("MaxInFlightBatchesPerPartition") + ": must be at least 1");
        if (o.DrainTimeoutMs < 0)
            errors.Add(Key("DrainTimeoutMs") + ": must not be negative");
        if (!string.IsNullOrWhiteSpace(o.DeadLetterTopic) && string.Equals(o.DeadLetterTopic, o.Topic, StringComparison.Ordinal))
            errors.Add(Key("DeadLetterTopic") + ": must differ from Topic (poison messages would loop)");
        if (!string.IsNullOrWhiteSpace(o.AlertTopic) && string.Equals(o.AlertTopic, o.Topic, StringComparison.Ordinal))
            errors.Add(Key("AlertTopic") + ": must differ from Topic");
        return errors;
    }

    /// <summary>Throws <see cref="KafkaConfigurationException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(KafkaOptions options, int maxRecordsPerRequest)
    {
        var errors = Check(options, maxRecordsPerRequest);
        if (errors.Count > 0)
            throw new KafkaConfigurationException(errors);
    }

    private static string Key(string name) => KafkaOptions.Section + ":" + name;
}
