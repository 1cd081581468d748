using System.Diagnostics;
using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.Ingest.EventHubs;
using Lepton.Monitor.Silo.Cli.Progress;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// `lepton publish --event-hubs`: sends an NDJSON file to an event hub over AMQP, one event per line, in
/// <see cref="EventDataBatch"/>es whose partition key is the line's tenant (a tenant's records keep their order on one
/// partition); bare, or as CloudEvents in the AMQP binding's structured or binary mode. A batch is sent when the next
/// line does not fit; lines of one tenant go out in file order.
/// </summary>
public sealed class EventHubsFilePublisher(EventHubsOptions connection, string hub, string file, string? cloudEvents)
{
    public const string StructuredContentType = "application/cloudevents+json; charset=UTF-8";

    /// <summary>Reads the Event Hubs options of `lepton publish`; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static EventHubsFilePublisher FromArgs(OptionLookup a, string? cloudEvents)
    {
        foreach (var kafkaOnly in new[] { "bootstrap", "topic", "setting" })
        {
            if (a.Has(kafkaOnly))
                throw new ArgumentException($"--{kafkaOnly} is for the Kafka endpoint; with --event-hubs use --hub and --connection-string or --namespace");
        }
        var connectionString = a.String("connection-string");
        var ns = a.String("namespace");
        if ((connectionString is null) == (ns is null))
            throw new ArgumentException("--event-hubs: give exactly one of --connection-string (a SAS policy) and --namespace (DefaultAzureCredential)");
        string? entityPath = null;
        if (connectionString is not null)
        {
            try
            {
                entityPath = EventHubsConnectionStringProperties.Parse(connectionString).EventHubName;
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new ArgumentException($"--connection-string: not an Event Hubs connection string ({e.Message})");
            }
        }
        else if (ns!.Contains("://", StringComparison.Ordinal) || ns.Contains('/') || Uri.CheckHostName(ns.Split(':')[0]) == UriHostNameType.Unknown)
        {
            throw new ArgumentException($"--namespace: '{ns}' is not a host name (expected NS.servicebus.windows.net)");
        }
        var hub = a.String("hub") ?? (string.IsNullOrEmpty(entityPath) ? "transactions" : entityPath);
        if (!string.IsNullOrEmpty(entityPath) && hub != entityPath)
            throw new ArgumentException($"--hub: '{hub}' differs from the connection string's EntityPath '{entityPath}'");
        var file = PublishVerb.ExistingFile(a);
        return new EventHubsFilePublisher(new EventHubsOptions { ConnectionString = connectionString, FullyQualifiedNamespace = ns }, hub, file, cloudEvents);
    }

    /// <summary>
    /// Sends the file; prints the count and rate. 0 when every line was sent, 1 when some were not. <paramref name="progress"/>
    /// counts the lines the hub accepted or refused, a batch at a time.
    /// </summary>
    public async Task<int> RunAsync(TextWriter output, TextWriter error, IWorkProgress? progress = null, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        long sent = 0, failed = 0;
        string? firstError = null;
        var clients = new EventHubsClients(connection);
        using (var phase = (progress ?? NoProgress.Instance).Begin("publish", PublishVerb.CountMessages(file), "events"))
        await using (var producer = clients.Producer(hub))
        {
            // One open batch per tenant (the partition key); "" stands for lines without a tenant (no partition key).
            var open = new Dictionary<string, (EventDataBatch Batch, int Lines)>(StringComparer.Ordinal);
            async Task SendAsync(string tenant)
            {
                var (batch, lines) = open[tenant];
                open.Remove(tenant);
                using (batch)
                {
                    try
                    {
                        await producer.SendAsync(batch, ct);
                        sent += lines;
                    }
                    catch (EventHubsException e)
                    {
                        failed += lines;
                        firstError ??= $"{e.Reason}: {e.Message}";
                    }
                    phase.Advance(lines);
                }
            }

            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                var (tenant, id) = PublishVerb.ReadTenantAndId(line);
                var key = tenant ?? "";
                var data = ToEventData(line, id, cloudEvents);
                while (true)
                {
                    if (!open.TryGetValue(key, out var current))
                    {
                        var options = new CreateBatchOptions { PartitionKey = tenant };
                        current = (await producer.CreateBatchAsync(options, ct), 0);
                        open[key] = current;
                    }
                    if (current.Batch.TryAdd(data))
                    {
                        open[key] = (current.Batch, current.Lines + 1);
                        break;
                    }
                    if (current.Lines == 0)
                    {
                        failed++;
                        firstError ??= $"line {lineNumber} is larger than the hub's maximum event size ({current.Batch.MaximumSizeInBytes} bytes)";
                        phase.Advance(1);
                        break;
                    }
                    await SendAsync(key); // full: send it, the line starts a new batch
                }
            }
            foreach (var tenant in open.Keys.ToList())
            {
                if (open[tenant].Lines > 0)
                    await SendAsync(tenant);
                else
                    open[tenant].Batch.Dispose();
            }
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await output.WriteLineAsync($"published {sent} of {sent + failed} events to event hub '{hub}' in {seconds:F1} s ({sent / Math.Max(seconds, 1e-9):F0}/s)");
        if (failed > 0)
        {
            await error.WriteLineAsync($"lepton publish: {failed} events failed (first: {firstError})");
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// One line as an event: bare (the record, no content type), or a CloudEvent in the AMQP binding's structured mode
    /// (the event JSON) or binary mode (attributes as <c>cloudEvents:</c> application properties, the record as body).
    /// </summary>
    public static EventData ToEventData(string line, string? id, string? cloudEvents)
    {
        var record = Encoding.UTF8.GetBytes(line);
        if (cloudEvents is null)
            return new EventData(record);
        var eventId = id ?? Guid.NewGuid().ToString("N");
        if (cloudEvents == "structured")
            return new EventData(PublishVerb.StructuredEvent(record, eventId)) { ContentType = StructuredContentType, MessageId = eventId };
        var data = new EventData(record) { ContentType = "application/json", MessageId = eventId };
        RecordCloudEvent.AddAmqpBinaryProperties(RecordCloudEvent.Attributes(eventId), data.Properties);
        return data;
    }
}
