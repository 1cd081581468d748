using Lepton.Monitor.Grains;
using Microsoft.Extensions.Configuration;

namespace Lepton.Monitor.EventHubs.Tests.Alerts;

/// <summary>The grains write an outbox row with each alert change when the Kafka alert topic or the Event Hubs alert hub is on.</summary>
public sealed class PublishesAlertsTests
{
    private static bool Publishes(params (string Key, string Value)[] settings) =>
        MonitoringServiceExtensions.PublishesAlerts(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    private const string Cs = "Endpoint=sb://127.0.0.1:5672/;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true";

    [Fact]
    public void Event_hubs_alone_publishes_when_a_namespace_is_configured_it_is_on_and_the_alert_hub_is_set()
    {
        Assert.False(Publishes());
        Assert.True(Publishes(("Lepton:EventHubs:ConnectionString", Cs)));
        Assert.True(Publishes(("Lepton:EventHubs:FullyQualifiedNamespace", "ns.servicebus.windows.net")));
        Assert.True(Publishes(("Lepton:EventHubs:ConnectionString", Cs), ("Lepton:EventHubs:Enabled", "true")));
        Assert.False(Publishes(("Lepton:EventHubs:ConnectionString", Cs), ("Lepton:EventHubs:Enabled", "false")));
        Assert.False(Publishes(("Lepton:EventHubs:ConnectionString", Cs), ("Lepton:EventHubs:AlertHub", "")));
        Assert.False(Publishes(("Lepton:EventHubs:ConnectionString", " ")));
        Assert.False(Publishes(("Lepton:EventHubs:Enabled", "true"))); // no namespace: nothing to publish to
    }

    [Fact]
    public void Either_transport_on_is_enough()
    {
        Assert.True(Publishes(("Lepton:Kafka:BootstrapServers", "k:9092")));
        Assert.True(Publishes(("Lepton:Kafka:BootstrapServers", "k:9092"), ("Lepton:EventHubs:ConnectionString", Cs), ("Lepton:EventHubs:AlertHub", "")));
        Assert.True(Publishes(("Lepton:Kafka:BootstrapServers", "k:9092"), ("Lepton:Kafka:Enabled", "false"), ("Lepton:EventHubs:ConnectionString", Cs)));
        Assert.False(Publishes(("Lepton:Kafka:BootstrapServers", "k:9092"), ("Lepton:Kafka:AlertTopic", ""), ("Lepton:EventHubs:ConnectionString", Cs), ("Lepton:EventHubs:Enabled", "false")));
    }
}
