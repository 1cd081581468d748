using System.Globalization;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.Silo.Load;

/// <summary>The options of one `lepton load` run, checked; <see cref="FromArgs"/> throws <see cref="ArgumentException"/> naming a bad one.</summary>
public sealed record LoadOptions
{
    /// <summary>Records in one run at most (its count bound), whatever the rate and duration.</summary>
    public const long MaxRecords = 100_000_000;

    /// <summary>Records generated before the clock starts at most (~450 bytes each in memory); the rest follow during the run.</summary>
    public const long MaxReadAheadRecords = 5_000_000;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(2);

    public required LoadTargetKind Target { get; init; }
    public required double Rate { get; init; }
    public required TimeSpan Duration { get; init; }
    public required int ChunkRecords { get; init; }
    public required int Concurrency { get; init; }
    public required string Tenant { get; init; }
    public Uri? Url { get; init; }
    public string? Key { get; init; }
    public string? Bootstrap { get; init; }
    public string Topic { get; init; } = "transactions";
    public string? ConnectionString { get; init; }
    public string Hub { get; init; } = "transactions";
    public Uri? MetricsUrl { get; init; }
    public string? OutPath { get; init; }
    public string? CsvPath { get; init; }
    public long Seed { get; init; } = 1;

    public long TotalRecords => (long)Math.Round(Rate * Duration.TotalSeconds);

    public static LoadOptions FromArgs(Cli.OptionLookup a)
    {
        var target = a.String("target") switch
        {
            "http" => LoadTargetKind.Http,
            "kafka" => LoadTargetKind.Kafka,
            "event-hubs" or "eventhubs" => LoadTargetKind.EventHubs,
            null => throw new ArgumentException("--target is required (http, kafka or event-hubs)"),
            var other => throw new ArgumentException($"--target: '{other}' is not http, kafka or event-hubs"),
        };
        var rate = a.Value("rate", double.NaN);
        if (double.IsNaN(rate))
            throw new ArgumentException("--rate is required (records per second)");
        if (rate is <= 0 or > 10_000_000)
            throw new ArgumentException($"--rate: must be above 0 and at most 10,000,000 records/s, was {rate}");
        var duration = ParseDuration(a.String("duration") ?? throw new ArgumentException("--duration is required (e.g. 30s, 10m)"));
        if (a.Has("chunk") && a.Has("records-per-message"))
            throw new ArgumentException("--chunk and --records-per-message are the same option: give one");
        var chunk = a.Value(a.Has("records-per-message") ? "records-per-message" : "chunk", target == LoadTargetKind.Http ? 1_000 : 100);
        if (chunk is < 1 or > 100_000)
            throw new ArgumentException($"--chunk: must be between 1 and 100,000 records, was {chunk}");
        var concurrency = a.Value("concurrency", 8);
        if (concurrency is < 1 or > 256)
            throw new ArgumentException($"--concurrency: must be between 1 and 256, was {concurrency}");
        var tenant = a.String("tenant", "demo")!;
        if (!RecordValidator.IsTenantId(tenant))
            throw new ArgumentException($"--tenant: '{tenant}' must match [a-z0-9-]{{1,64}}");
        var allowRemote = a.Has("allow-remote");

        var options = new LoadOptions
        {
            Target = target,
            Rate = rate,
            Duration = duration,
            ChunkRecords = chunk,
            Concurrency = concurrency,
            Tenant = tenant,
            Topic = a.String("topic", "transactions")!,
            Hub = a.String("hub", "transactions")!,
            OutPath = a.String("out"),
            CsvPath = a.String("csv"),
            Seed = a.Value("seed", 1L),
        };
        if (options.TotalRecords < 1)
            throw new ArgumentException("--rate × --duration is less than one record");
        if (options.TotalRecords > MaxRecords)
            throw new ArgumentException($"--rate × --duration is {options.TotalRecords:N0} records, more than the {MaxRecords:N0} one run may send: shorten --duration or lower --rate");

        Uri? url = a.String("url") is { } u ? HttpUrl("url", u, allowRemote) : null;
        if (target == LoadTargetKind.Http)
        {
            url ??= new Uri("http://127.0.0.1:8080");
            foreach (var other in new[] { "bootstrap", "topic", "connection-string", "hub" })
            {
                if (a.Has(other))
                    throw new ArgumentException($"--{other} is not an option of --target http");
            }
        }
        var key = a.String("key") ?? Environment.GetEnvironmentVariable(Cli.ParkedVerb.KeyVariable);
        if (target == LoadTargetKind.Http && string.IsNullOrEmpty(key))
            throw new ArgumentException($"--key is required (or set {Cli.ParkedVerb.KeyVariable})");

        string? bootstrap = null, connection = null;
        if (target == LoadTargetKind.Kafka)
        {
            bootstrap = a.String("bootstrap") ?? throw new ArgumentException("--bootstrap HOST:PORT is required with --target kafka");
            var hosts = LoopbackHosts.BootstrapHosts(bootstrap).ToList();
            if (hosts.Count == 0)
                throw new ArgumentException("--bootstrap: no HOST:PORT given");
            if (!allowRemote && hosts.FirstOrDefault(h => !LoopbackHosts.IsLoopback(h)) is { } remote)
                throw new ArgumentException($"--bootstrap: '{remote}' is not this machine; load only drives loopback targets unless --allow-remote is given");
        }
        if (target == LoadTargetKind.EventHubs)
        {
            connection = a.String("connection-string") ?? throw new ArgumentException("--connection-string is required with --target event-hubs");
            string host;
            try
            {
                var properties = Azure.Messaging.EventHubs.EventHubsConnectionStringProperties.Parse(connection);
                host = properties.Endpoint.Host;
                if (!string.IsNullOrEmpty(properties.EventHubName) && a.Has("hub") && a.String("hub") != properties.EventHubName)
                    throw new ArgumentException($"--hub: differs from the connection string's EntityPath '{properties.EventHubName}'");
                if (!string.IsNullOrEmpty(properties.EventHubName))
                    options = options with { Hub = properties.EventHubName };
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"--connection-string: not an Event Hubs connection string ({e.Message})");
            }
            if (!allowRemote && !LoopbackHosts.IsLoopback(host))
                throw new ArgumentException($"--connection-string: endpoint '{host}' is not this machine; load only drives loopback targets unless --allow-remote is given");
        }
        if (target != LoadTargetKind.Http && (a.Has("topic") && target != LoadTargetKind.Kafka || a.Has("hub") && target != LoadTargetKind.EventHubs))
            throw new ArgumentException(target == LoadTargetKind.Kafka ? "--hub is for --target event-hubs" : "--topic is for --target kafka");

        // Memory from /metrics: the HTTP target's own unless told otherwise; a stream target's when --url or --metrics-url says where.
        var metrics = a.String("metrics-url") is { } m ? HttpUrl("metrics-url", m, allowRemote) : url is null ? null : new Uri(url, "/metrics");
        return options with { Url = url, Key = key, Bootstrap = bootstrap, ConnectionString = connection, MetricsUrl = metrics };
    }

    /// <summary>"30s", "10m", "1h", "1m30s" or a bare number of seconds; between 1 second and <see cref="MaxDuration"/>.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var total = TimeSpan.Zero;
        var s = text.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            total = TimeSpan.FromSeconds(bare);
        }
        else
        {
            var i = 0;
            while (i < s.Length)
            {
                var start = i;
                while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
                    i++;
                if (i == start || i == s.Length || !double.TryParse(s[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                    throw new ArgumentException($"--duration: '{text}' is not a duration (e.g. 30s, 10m, 1h, 1m30s)");
                total += s[i++] switch
                {
                    's' => TimeSpan.FromSeconds(n),
                    'm' => TimeSpan.FromMinutes(n),
                    'h' => TimeSpan.FromHours(n),
                    _ => throw new ArgumentException($"--duration: '{text}' is not a duration (e.g. 30s, 10m, 1h, 1m30s)"),
                };
            }
        }
        if (total < TimeSpan.FromSeconds(1) || total > MaxDuration)
            throw new ArgumentException($"--duration: must be between 1s and {MaxDuration.TotalHours:0}h, was '{text}'");
        return total;
    }

    private static Uri HttpUrl(string option, string text, bool allowRemote)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"--{option}: '{text}' is not an http(s) URL");
        if (!allowRemote && !LoopbackHosts.IsLoopback(uri.Host))
            throw new ArgumentException($"--{option}: '{uri.Host}' is not this machine; load only drives loopback targets unless --allow-remote is given");
        return uri;
    }

    public GeneratorOptions Generator(string runId) => new()
    {
        Tenant = Tenant,
        Seed = Seed,
        // Unique ids per run: ingest counts a repeated id as a duplicate, not as a new record.
        IdPrefix = $"load-{runId}-",
    };
}
