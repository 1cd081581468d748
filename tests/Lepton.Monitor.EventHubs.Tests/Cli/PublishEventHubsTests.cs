using System.Text;
using System.Text.Json.Nodes;
using Lepton.Monitor.EventHubs.Broker;
using Lepton.Monitor.EventHubs.Tests.Alerts;
using Lepton.Monitor.Ingest.EventHubs;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.EventHubs.Tests.Cli;

/// <summary>`lepton publish --event-hubs` sends an NDJSON file to an event hub over AMQP, in batches keyed by tenant.</summary>
public sealed class PublishEventHubsTests
{
    private const string Hub = "transactions";

    /// <summary><paramref name="count"/> records alternating between two tenants, about 200 bytes each.</summary>
    private static string WriteFile(TempFolder folder, int count)
    {
        var file = Path.Combine(folder.Path, "records.ndjson");
        var lines = Enumerable.Range(0, count).Select(i =>
            "{\"id\":\"r-" + i + "\",\"tenant\":\"" + (i % 2 == 0 ? "acme" : "beta") + "\",\"timestamp\":\"2026-11-22T14:00:00Z\",\"amount\":" + (100 + i)
            + ",\"currency\":\"USD\",\"channel\":\"wire\",\"originator\":{\"account\":\"A" + i + "\",\"name\":\"N\",\"country\":\"US\",\"customerId\":\"C-" + i + "\"}}");
        File.WriteAllLines(file, ["", .. lines, ""]); // blank lines are skipped
        return file;
    }

    private static Task<LocalEventHubsBroker> StartBrokerAsync(ulong maxMessageSize = 1024 * 1024) =>
        LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = 4 }, MaxMessageSize = maxMessageSize });

    /// <summary>Every event of the hub with its partition, partitions in order, events in partition order.</summary>
    private static List<(string Partition, BrokerEvent Event)> AllEvents(LocalEventHubsBroker broker) =>
        [.. Enumerable.Range(0, 4).SelectMany(p => broker.Events(Hub, p.ToString()).Select(e => (p.ToString(), e)))];

    [Fact]
    public async Task Every_line_is_one_event_with_its_tenant_as_partition_key_a_tenant_on_one_partition_in_file_order()
    {
        // 4 KiB links: 60 lines of ~200 bytes fill several batches per tenant.
        await using var broker = await StartBrokerAsync(maxMessageSize: 4096);
        using var folder = new TempFolder();
        var file = WriteFile(folder, 60);

        Assert.Equal(0, await LeptonCommandLine.RunAsync(["publish", "--event-hubs", "--connection-string", broker.ConnectionString, "--file", file, "--cloudevents", "structured"]));

        Assert.Equal(60, broker.Count(Hub));
        var events = AllEvents(broker);
        var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToList();
        foreach (var tenant in new[] { "acme", "beta" })
        {
            var mine = events.Where(e => e.Event.PartitionKey == tenant).ToList();
            Assert.Single(mine.Select(e => e.Partition).Distinct());
            var records = mine.Select(e => JsonNode.Parse(e.Event.Body.ToArray())!).ToList();
            Assert.All(records, ce => Assert.Equal("1.0", ce["specversion"]!.GetValue<string>()));
            Assert.Equal(lines.Where(l => l.Contains($"\"tenant\":\"{tenant}\"")), records.Select(ce => ce["data"]!.ToJsonString()));
        }
        Assert.All(events, e => Assert.Equal(EventHubsFilePublisher.StructuredContentType, e.Event.ContentType));
    }

    [Fact]
    public async Task Binary_mode_sets_the_cloudEvents_application_properties_and_sends_the_record_as_the_body()
    {
        await using var broker = await StartBrokerAsync();
        using var folder = new TempFolder();
        var file = WriteFile(folder, 10);
        var output = new StringWriter();
        var options = new EventHubsOptions { ConnectionString = broker.ConnectionString };

        Assert.Equal(0, await new EventHubsFilePublisher(options, Hub, file, "binary").RunAsync(output, TextWriter.Null));

        Assert.Matches(@"^published 10 of 10 events to event hub 'transactions' in \d+\.\d s \(\d+/s\)", output.ToString());
        var events = await HubReader.ReadAsync(broker.ConnectionString, Hub, 10, TimeSpan.FromSeconds(30));
        Assert.Equal(10, events.Count);
        foreach (var e in events)
        {
            var record = JsonNode.Parse(e.Data.EventBody.ToArray())!;
            var id = record["id"]!.GetValue<string>();
            Assert.Equal("application/json", e.Data.ContentType);
            Assert.Equal(id, e.Data.MessageId);
            Assert.Equal("1.0", e.Data.Properties["cloudEvents:specversion"]);
            Assert.Equal(id, e.Data.Properties["cloudEvents:id"]);
            Assert.Equal("lepton.record", e.Data.Properties["cloudEvents:type"]);
            Assert.Equal("/lepton-cli/publish", e.Data.Properties["cloudEvents:source"]);
            Assert.Equal(record["tenant"]!.GetValue<string>(), e.Data.PartitionKey);
        }
    }

    [Fact]
    public async Task Bare_lines_are_sent_as_they_are()
    {
        await using var broker = await StartBrokerAsync();
        using var folder = new TempFolder();
        var file = WriteFile(folder, 4);
        Assert.Equal(0, await new EventHubsFilePublisher(new EventHubsOptions { ConnectionString = broker.ConnectionString }, Hub, file, null).RunAsync(TextWriter.Null, TextWriter.Null));
        var bodies = AllEvents(broker).Select(e => Encoding.UTF8.GetString(e.Event.Body.Span)).Order();
        Assert.Equal(File.ReadAllLines(file).Where(l => l.Length > 0).Order(), bodies);
        Assert.All(AllEvents(broker), e => Assert.DoesNotContain(e.Event.Properties.Keys, k => k.StartsWith("cloudEvents:", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Progress_lines_go_to_stderr_when_it_is_not_a_terminal_and_quiet_silences_them(bool quiet)
    {
        await using var broker = await StartBrokerAsync();
        using var folder = new TempFolder();
        var file = WriteFile(folder, 6);
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["--event-hubs", "--connection-string", broker.ConnectionString, "--file", file];

        Assert.Equal(0, await new PublishVerb(output, error).RunAsync(quiet ? [.. args, "--quiet"] : args));

        Assert.StartsWith("published 6 of 6 events", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("publish:", output.ToString(), StringComparison.Ordinal);
        if (quiet)
        {
            Assert.Equal("", error.ToString());
        }
        else
        {
            Assert.Contains("publish: started, 6 events", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("publish: done, 6 events", error.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(6, broker.Count(Hub));
    }

    [Theory]
    [InlineData("--event-hubs --file F", "exactly one of --connection-string")]
    [InlineData("--event-hubs --connection-string CS --namespace ns.servicebus.windows.net --file F", "exactly one of --connection-string")]
    [InlineData("--event-hubs --connection-string CS", "--file is required")]
    [InlineData("--event-hubs --connection-string CS --file /nonexistent/records.ndjson", "does not exist")]
    [InlineData("--event-hubs --connection-string not-a-connection-string --file F", "--connection-string: not an Event Hubs connection string")]
    [InlineData("--event-hubs --namespace sb://ns/ --file F", "--namespace: 'sb://ns/' is not a host name")]
    [InlineData("--event-hubs --connection-string CS --topic t --file F", "--topic is for the Kafka endpoint")]
    [InlineData("--event-hubs --connection-string CS --file F --cloudevents json", "--cloudevents: must be 'structured' or 'binary'")]
    [InlineData("--bootstrap k:9092 --hub h --file F", "--namespace and --hub need --event-hubs")]
    public async Task Bad_arguments_are_refused_with_a_message_naming_the_option(string args, string message)
    {
        using var folder = new TempFolder();
        var file = WriteFile(folder, 1);
        const string cs = "Endpoint=sb://127.0.0.1:1/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true";
        var argv = args.Split(' ').Select(a => a switch { "F" => file, "CS" => cs, _ => a }).ToArray();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => new PublishVerb().RunAsync(argv));
        Assert.Contains(message, e.Message);
        Assert.Equal(2, await LeptonCommandLine.RunAsync(["publish", .. argv])); // the command line answers usage and exit code 2
    }
}
