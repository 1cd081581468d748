using Lepton.Monitor.EventHubs.Broker;
using Lepton.Monitor.Silo.Bench;

// Event Hubs bench: the local AMQP broker of the tests (a 4-partition hub) in this process, then `lepton bench --http
// --event-hubs` against it in the same run: the HTTP path (loopback POSTs to a warm host), the Event Hubs path (a fresh
// host consuming the hub with the native adapter, timed after its warm-up records) and consume-only of the same hub.
//   dotnet run -c Release --project bench/Lepton.Monitor.EventHubsBench -- [--records 100000] [--no-http]
//       [--warm N] [--Lepton:EventHubs:BatchSize 2000 …]   (any --Lepton:… option goes to the bench hosts)
//   --event-hubs-only: only the Event Hubs figures (produce, consume-only, path), for tuning the consumer's settings.
const string Hub = "lepton-bench";

var records = 100_000;
var warm = 20_000;
var http = true;
var eventHubsOnly = false;
var hostArgs = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--records": records = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--warm": warm = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--no-http": http = false; break;
        case "--event-hubs-only": eventHubsOnly = true; break;
        case var a when a.StartsWith("--Lepton:", StringComparison.Ordinal):
            if (a.Contains('='))
                hostArgs.Add(a);
            else
                hostArgs.AddRange([a, args[++i]]);
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: -- [--records N] [--warm N] [--no-http] [--event-hubs-only] [--Lepton:KEY VALUE …]");
            return 2;
    }
}

await using var broker = await LocalEventHubsBroker.StartAsync();
broker.CreateHub(Hub, partitions: 4);
Console.WriteLine($"local Event Hubs broker on {broker.FullyQualifiedNamespace}, hub {Hub} (4 partitions)");
if (hostArgs.Count > 0)
    Console.WriteLine($"bench host options: {string.Join(' ', hostArgs)}");

var options = new BenchOptions
{
    Records = records,
    Http = http,
    HalfRateSeconds = 0,
    EventHubsConnectionString = broker.ConnectionString,
    EventHubsHub = Hub,
    EventHubsWarmRecords = warm,
    HostArgs = hostArgs,
};
if (eventHubsOnly)
{
    var e = await new EventHubsPathBenchmark(options, Console.Out).RunAsync();
    Console.WriteLine($"load average {LoadAverage()}; event hubs path / consume-only {e.PipelinePerSecond / e.ConsumeOnlyPerSecond:P1}");
    return 0;
}
var report = await new PipelineBenchmark(options, Console.Out).RunAsync();
Console.WriteLine();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; " +
    $"load average {LoadAverage()}");
Console.WriteLine($"broker: {broker.Count(Hub):N0} events on {Hub}");
Console.Write(report);
return 0;

// The machine's 1-minute load average: the cores are shared, a busy neighbour shows here.
static string LoadAverage()
{
    try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
    catch (IOException) { return "n/a"; }
}
