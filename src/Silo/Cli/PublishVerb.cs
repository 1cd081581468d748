using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Silo.Cli.Progress;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// `lepton publish`: sends an NDJSON file to a Kafka-protocol topic (Kafka, Redpanda, Azure Event Hubs), one message per
/// line keyed by its tenant, bare or wrapped as CloudEvents, so a newcomer can drive the Kafka path without other tools;
/// with <c>--event-hubs</c>, to an event hub over AMQP instead (<see cref="EventHubsFilePublisher"/>). Progress: the
/// messages the broker acknowledged of the file's, as a bar on a terminal, else lines on <c>error</c>; none with --quiet.
/// </summary>
public sealed class PublishVerb(TextWriter? output = null, TextWriter? error = null) : Verb
{
    private readonly Option<string> _bootstrap = new("--bootstrap") { Description = "Kafka bootstrap servers", HelpName = "HOST:PORT[,HOST:PORT]" };
    private readonly Option<string> _connectionString = new("--connection-string") { Description = "an Azure Event Hubs namespace connection string (Kafka endpoint, or with --event-hubs a SAS policy)", HelpName = "CS" };
    private readonly Option<string> _topic = new("--topic") { Description = "the Kafka topic (default transactions)", HelpName = "T" };
    private readonly Option<string> _file = new("--file") { Description = "the NDJSON file to send (required)", HelpName = "FILE" };
    private readonly Option<string> _cloudEvents = new("--cloudevents") { Description = "wrap each record as a CloudEvent 1.0", HelpName = "structured|binary" };
    private readonly Option<string[]> _setting = new("--setting") { Description = "librdkafka settings, several separated by ';' (e.g. \"compression.type=lz4;linger.ms=50\")", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _eventHubs = new("--event-hubs") { Description = "send over AMQP with the Event Hubs SDK instead of the Kafka endpoint" };
    private readonly Option<string> _namespace = new("--namespace") { Description = "with --event-hubs: NS.servicebus.windows.net with DefaultAzureCredential", HelpName = "NS" };
    private readonly Option<string> _hub = new("--hub") { Description = "with --event-hubs: the event hub (default transactions, or the connection string's EntityPath)", HelpName = "H" };
    private readonly Option<bool> _quiet = CommonOptions.Quiet();

    public override string Name => "publish";
    public override string Summary => "publish an NDJSON file to a Kafka topic or an event hub (one message per line, keyed by tenant)";

    public override string Details => """
        lepton publish (--bootstrap HOST:PORT[,HOST:PORT] | --connection-string CS) --file FILE [--topic T] ...
        lepton publish --event-hubs (--connection-string CS | --namespace NS) --file FILE [--hub H] ...

        Each non-empty line of FILE becomes one message, keyed by the record's "tenant" (so a tenant's records keep
        their order on one partition). --topic defaults to 'transactions'. --connection-string takes an Azure Event Hubs
        namespace connection string (port 9093, SASL_SSL, PLAIN). --cloudevents wraps each record as a CloudEvent 1.0:
        'structured' (the event JSON with the record as data) or 'binary' (ce_ headers, the record as the value).
        --setting passes librdkafka settings, several separated by ";" (e.g. "compression.type=lz4;linger.ms=50").

        --event-hubs sends over AMQP with the Event Hubs SDK instead of the Kafka endpoint: --connection-string (a SAS
        policy; UseDevelopmentEmulator=true for a local emulator) or --namespace NS.servicebus.windows.net with
        DefaultAzureCredential (managed identity, az login). --hub defaults to 'transactions' (or the connection
        string's EntityPath). Lines go in batches whose partition key is the tenant. --cloudevents 'structured' sends
        the event JSON as application/cloudevents+json; 'binary' sets the cloudEvents:specversion, cloudEvents:id,
        cloudEvents:type and cloudEvents:source application properties with the record as an application/json body.
        """;

    private TextWriter Output => output ?? Console.Out;
    private TextWriter Error => error ?? Console.Error;

    protected override void Define(Command command)
    {
        foreach (var option in Options)
            command.Options.Add(option);
        _cloudEvents.CompletionSources.Add("structured", "binary");
    }

    private Option[] Options => [_bootstrap, _connectionString, _topic, _file, _cloudEvents, _setting, _eventHubs, _namespace, _hub, _quiet];

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var a = new OptionLookup(parse, Options);
        var mode = a.String("cloudevents");
        if (mode is not (null or "structured" or "binary"))
            throw new ArgumentException("--cloudevents: must be 'structured' or 'binary'");
        var progress = ConsoleProgress.Create(parse.GetValue(_quiet), Error);
        if (a.Has("event-hubs"))
            return await EventHubsFilePublisher.FromArgs(a, mode).RunAsync(Output, Error, progress, cancellationToken);
        if (a.Has("namespace") || a.Has("hub"))
            throw new ArgumentException("--namespace and --hub need --event-hubs (without it, lepton publish uses the Kafka endpoint)");
        var bootstrap = a.String("bootstrap");
        var connection = a.String("connection-string");
        if ((bootstrap is null) == (connection is null))
            throw new ArgumentException("give exactly one of --bootstrap and --connection-string");
        var file = ExistingFile(a);
        var topic = a.String("topic", "transactions")!;

        var config = new ProducerConfig { EnableIdempotence = true, Acks = Acks.All, LingerMs = 20, BatchSize = 1_000_000, MessageTimeoutMs = 60_000 };
        if (connection is not null && EventHubsConnectionString.TryParse(connection, out var reason) is null)
            throw new ArgumentException($"--connection-string: {reason}");
        KafkaClientConfigs.ApplyConnection(config, bootstrap, connection);
        foreach (var setting in (a.String("setting") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = setting.IndexOf('=');
            if (eq <= 0)
                throw new ArgumentException($"--setting: '{setting}' is not KEY=VALUE");
            config.Set(setting[..eq], setting[(eq + 1)..]);
        }

        KafkaNativeLibrary.EnsureLoaded();
        var started = Stopwatch.GetTimestamp();
        long sent = 0, failed = 0;
        string? firstError = null;
        using (var phase = progress.Begin("publish", CountMessages(file), "messages"))
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(config).Build())
        {
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                var message = ToMessage(line, mode);
                while (true)
                {
                    try
                    {
                        // Counted when the broker answers (librdkafka's delivery report), so the rate is the broker's.
                        producer.Produce(topic, message, report =>
                        {
                            if (report.Error.IsError)
                            {
                                Interlocked.Increment(ref failed);
                                Interlocked.CompareExchange(ref firstError, report.Error.Reason, null);
                            }
                            phase.Advance(1);
                        });
                        break;
                    }
                    catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(50)); // the local queue is full: let deliveries complete
                    }
                }
                sent++;
            }
            var remaining = producer.Flush(TimeSpan.FromSeconds(60));
            failed += remaining;
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Output.WriteLine($"published {sent - failed} of {sent} messages to '{topic}' in {seconds:F1} s ({(sent - failed) / Math.Max(seconds, 1e-9):F0}/s)");
        if (failed > 0)
        {
            Error.WriteLine($"lepton publish: {failed} messages failed (first: {firstError ?? "not delivered in time"})");
            return 1;
        }
        return 0;
    }

    /// <summary>The messages a file makes: its non-blank lines (the progress total).</summary>
    internal static long CountMessages(string file) => File.ReadLines(file).LongCount(l => !string.IsNullOrWhiteSpace(l));

    /// <summary>One line as a message: key = its tenant; bare, or a CloudEvent in structured or binary mode.</summary>
    public static Message<byte[]?, byte[]?> ToMessage(string line, string? cloudEvents)
    {
        var (tenant, id) = ReadTenantAndId(line);
        var value = Encoding.UTF8.GetBytes(line);
        var message = new Message<byte[]?, byte[]?> { Key = tenant is null ? null : Encoding.UTF8.GetBytes(tenant), Value = value, Headers = [] };
        var eventId = id ?? Guid.NewGuid().ToString("N");
        if (cloudEvents == "binary")
        {
            // The value stays the line as is; the attributes go to ce_ headers.
            RecordCloudEvent.AddKafkaBinaryHeaders(RecordCloudEvent.Attributes(eventId), message.Headers);
        }
        else if (cloudEvents == "structured")
        {
            message.Value = StructuredEvent(value, eventId);
            message.Headers.Add("content-type", Encoding.ASCII.GetBytes(CloudEventUnwrapper.StructuredContentType + "; charset=UTF-8"));
        }
        return message;
    }

    /// <summary>--file: required, and must exist.</summary>
    internal static string ExistingFile(OptionLookup a)
    {
        var file = a.String("file") ?? throw new ArgumentException("--file is required");
        return File.Exists(file) ? file : throw new ArgumentException($"--file: '{file}' does not exist");
    }

    /// <summary>A CloudEvent 1.0 in structured mode (type <c>lepton.record</c>) with the record as its data.</summary>
    internal static byte[] StructuredEvent(byte[] record, string eventId) => RecordCloudEvent.Structured(record, eventId);

    internal const string RecordEventType = RecordCloudEvent.Type;
    internal const string RecordEventSource = RecordCloudEvent.Source;

    internal static (string? Tenant, string? Id) ReadTenantAndId(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return (null, null);
            string? Text(string name) => doc.RootElement.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            return (Text("tenant"), Text("id"));
        }
        catch (JsonException)
        {
            return (null, null); // still sent: the consumer dead-letters it, as it would any poison message
        }
    }
}
