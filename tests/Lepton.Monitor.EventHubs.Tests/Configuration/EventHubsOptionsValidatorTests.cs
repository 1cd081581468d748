using Lepton.Monitor.Ingest.EventHubs;

namespace Lepton.Monitor.EventHubs.Tests.Configuration;

public sealed class EventHubsOptionsValidatorTests
{
    private const string Namespace = "Endpoint=sb://localhost:5673/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true";

    private static IReadOnlyList<string> Check(EventHubsOptions o) => EventHubsOptionsValidator.Check(o, maxRecordsPerRequest: 10_000);

    [Fact]
    public void Nothing_configured_is_off_and_valid()
    {
        var o = new EventHubsOptions();
        Assert.False(o.IsConfigured);
        Assert.Empty(Check(o));
    }

    [Fact]
    public void A_namespace_connection_string_with_defaults_is_valid()
    {
        var o = new EventHubsOptions { ConnectionString = Namespace };
        Assert.Empty(Check(o));
        Assert.True(o.ConsumesHub);
        Assert.True(o.PublishesAlerts);
    }

    [Theory]
    [InlineData("Endpoint=http://x/;SharedAccessKeyName=a;SharedAccessKey=b", "Lepton:EventHubs:ConnectionString: must contain Endpoint=sb://")]
    [InlineData("Endpoint=sb://x.servicebus.windows.net/", "Lepton:EventHubs:ConnectionString: must contain SharedAccessKeyName")]
    [InlineData("Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b;EntityPath=tx", "Lepton:EventHubs:ConnectionString: names one event hub")]
    public void A_bad_connection_string_is_refused_with_the_key_named(string connection, string expected)
    {
        var errors = Check(new EventHubsOptions { ConnectionString = connection });
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Both_ways_in_at_once_are_refused()
    {
        var errors = Check(new EventHubsOptions { ConnectionString = Namespace, FullyQualifiedNamespace = "ns.servicebus.windows.net" });
        Assert.Contains(errors, e => e.StartsWith("Lepton:EventHubs:ConnectionString: set either", StringComparison.Ordinal));
    }

    [Fact]
    public void A_namespace_that_is_a_url_is_refused()
    {
        var errors = Check(new EventHubsOptions { FullyQualifiedNamespace = "sb://ns.servicebus.windows.net/" });
        Assert.Contains(errors, e => e.StartsWith("Lepton:EventHubs:FullyQualifiedNamespace:", StringComparison.Ordinal));
        Assert.Empty(Check(new EventHubsOptions { FullyQualifiedNamespace = "ns.servicebus.windows.net" }));
    }

    [Fact]
    public void Each_bad_setting_names_its_key()
    {
        var errors = Check(new EventHubsOptions
        {
            ConnectionString = Namespace, EventHub = "", ConsumerGroup = " ", StartPosition = "yesterday", BatchSize = 0,
            MaxWaitMs = 0, PrefetchCount = -1, MaxInFlightBatchesPerPartition = 0, LoadBalancingIntervalSeconds = 10,
            OwnershipExpirationSeconds = 5, DrainTimeoutMs = -1,
        });
        foreach (var key in new[] { "EventHub", "ConsumerGroup", "StartPosition", "BatchSize", "MaxWaitMs", "PrefetchCount",
                     "MaxInFlightBatchesPerPartition", "OwnershipExpirationSeconds", "DrainTimeoutMs" })
            Assert.Contains(errors, e => e.StartsWith($"Lepton:EventHubs:{key}:", StringComparison.Ordinal));
    }

    [Fact]
    public void Alerts_to_the_transactions_hub_are_refused()
    {
        var errors = Check(new EventHubsOptions { ConnectionString = Namespace, EventHub = "tx", AlertHub = "tx" });
        Assert.Contains(errors, e => e.StartsWith("Lepton:EventHubs:AlertHub:", StringComparison.Ordinal));
    }

    [Fact]
    public void Switched_off_is_valid_whatever_else_is_set()
    {
        Assert.Empty(Check(new EventHubsOptions { Enabled = false, ConnectionString = "nonsense", BatchSize = -5 }));
        Assert.Contains(Check(new EventHubsOptions { Enabled = true }), e => e.StartsWith("Lepton:EventHubs:ConnectionString:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_with_a_bad_section_does_not_start_and_names_the_key()
    {
        using var data = new TempFolder();
        var e = await Assert.ThrowsAsync<EventHubsConfigurationException>(() => LeptonTestHost.StartAsync(data.Path,
            "--Lepton:EventHubs:ConnectionString", Namespace, "--Lepton:EventHubs:StartPosition", "middle"));
        Assert.Contains("Lepton:EventHubs:StartPosition", e.Message);
    }
}
