using Lepton.Monitor.EventHubs.Broker;
using Lepton.Monitor.DevTools.Bench;

// Event Hubs bench: the local AMQP broker of the tests (a 4-partition hub) in this process, then `lepton bench --http
// --event-hubs` against it in the same run: the HTTP path (loopback POSTs to a warm host), the Event Hubs path (a fresh
// host consuming the hub with the native adapter, timed after its warm-up records) and consume-only of the same hub.
//   dotnet run -c Release --project bench/Lepton.Monitor.EventHubsBench -- [--records 100000] [--no-http]
//       [--warm N] [--Lepton:EventHubs:BatchSize 2000 …]   (any --Lepton:… option goes to the bench hosts)
//   --event-hubs-only: only the Event Hubs figures (produce, consume-only, path), for tuning the consumer's settings.
//   --broker-process: the broker runs in a child process (this program with --serve-broker), so the bench process's
//       CPU per event is the SDK's and the pipeline's only, as with a remote namespace (the cores are still shared).
const string Hub = "lepton-bench";

var records = 100_000;
var warm = 20_000;
var http = true;
var eventHubsOnly = false;
var brokerProcess = false;
var hostArgs = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--records": records = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--warm": warm = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--no-http": http = false; break;
        case "--event-hubs-only": eventHubsOnly = true; break;
        case "--broker-process": brokerProcess = true; break;
        case "--serve-broker": return await ServeBrokerAsync();
        case var a when a.StartsWith("--Lepton:", StringComparison.Ordinal):
            if (a.Contains('='))
                hostArgs.Add(a);
            else
                hostArgs.AddRange([a, args[++i]]);
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: -- [--records N] [--warm N] [--no-http] [--event-hubs-only] [--broker-process] [--Lepton:KEY VALUE …]");
            return 2;
    }
}

await using var broker = brokerProcess ? null : await LocalEventHubsBroker.StartAsync();
using var child = brokerProcess ? StartBrokerProcess() : null;
broker?.CreateHub(Hub, partitions: 4);
var connection = broker?.ConnectionString ?? child!.StandardOutput.ReadLine()
    ?? throw new InvalidOperationException("the broker process exited before it printed its connection string");
Console.WriteLine($"local Event Hubs broker {(child is null ? "in this process" : $"in process {child.Id}")}, hub {Hub} (4 partitions)");
if (hostArgs.Count > 0)
    Console.WriteLine($"bench host options: {string.Join(' ', hostArgs)}");

var options = new BenchOptions
{
    Records = records,
    Http = http,
    HalfRateSeconds = 0,
    EventHubsConnectionString = connection,
    EventHubsHub = Hub,
    EventHubsWarmRecords = warm,
    HostArgs = hostArgs,
};
if (eventHubsOnly)
{
    var e = await new EventHubsPathBenchmark(options, Console.Out).RunAsync();
    Console.WriteLine($"load average {LoadAverage()}; event hubs path / consume-only {e.PipelinePerSecond / e.ConsumeOnlyPerSecond:P1}");
    StopBrokerProcess(child);
    return 0;
}
var report = await new PipelineBenchmark(options, Console.Out).RunAsync();
Console.WriteLine();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; " +
    $"load average {LoadAverage()}");
if (broker is not null)
    Console.WriteLine($"broker: {broker.Count(Hub):N0} events on {Hub}");
Console.Write(report);
StopBrokerProcess(child);
return 0;

// The child: the broker with the hub, its connection string on stdout, until stdin closes.
static async Task<int> ServeBrokerAsync()
{
    await using var served = await LocalEventHubsBroker.StartAsync();
    served.CreateHub(Hub, partitions: 4);
    Console.WriteLine(served.ConnectionString);
    Console.Out.Flush();
    await Console.In.ReadToEndAsync();
    return 0;
}

static System.Diagnostics.Process StartBrokerProcess()
{
    var info = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardInput = true };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        info.ArgumentList.Add(typeof(LocalEventHubsBroker).Assembly.Location.Replace("Lepton.Monitor.EventHubs.Broker.dll", "Lepton.Monitor.EventHubsBench.dll"));
    info.ArgumentList.Add("--serve-broker");
    return System.Diagnostics.Process.Start(info)!;
}

static void StopBrokerProcess(System.Diagnostics.Process? child)
{
    if (child is null)
        return;
    var cpu = child.TotalProcessorTime;
    child.StandardInput.Close();
    if (!child.WaitForExit(10_000))
        child.Kill();
    Console.WriteLine($"broker process CPU over the whole run: {cpu.TotalSeconds:N1} s");
}

// The machine's 1-minute load average: the cores are shared, a busy neighbour shows here.
static string LoadAverage()
{
    try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
    catch (IOException) { return "n/a"; }
}
