using System.Diagnostics.Metrics;

namespace Lepton.Monitor.Storage.Tests.Health;

/// <summary>Issue 19, item 2: /health/ready's degraded conditions as the gauge lepton.health.degraded, by condition class.</summary>
public sealed class HealthTelemetryTests
{
    [Fact]
    public void Raised_conditions_are_observed_per_class_and_disappear_when_recovered()
    {
        // A class no other test raises (the gauge sums every live ServiceHealth of the process).
        var unique = "test-" + Guid.NewGuid().ToString("N")[..8];
        var health = new ServiceHealth();
        health.Degrade(unique, "first");
        health.Degrade(unique + " two", "second");

        var observed = Observe();
        Assert.Equal(1, observed.GetValueOrDefault(unique));
        Assert.Equal(1, observed.GetValueOrDefault(unique + "-two"));

        health.Recover(unique);
        health.Recover(unique + " two");
        observed = Observe();
        Assert.False(observed.ContainsKey(unique));
        Assert.False(observed.ContainsKey(unique + "-two"));
        GC.KeepAlive(health);
    }

    [Theory]
    [InlineData("monitor acme/US", "monitor")]
    [InlineData("monitor globex/EU#3", "monitor")]
    [InlineData("dispatch worker 2", "dispatch-worker")]
    [InlineData("dispatch checkpoint", "dispatch-checkpoint")]
    [InlineData("journal takeover", "journal-takeover")]
    [InlineData("alert-outbox-kafka", "alert-outbox-kafka")]
    [InlineData("parked-records", "parked-records")]
    public void A_condition_name_maps_to_a_bounded_class(string name, string expected) =>
        Assert.Equal(expected, DegradedConditionClass.Of(name));

    private static Dictionary<string, int> Observe()
    {
        var observed = new Dictionary<string, int>();
        string? unit = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == HealthTelemetry.Name && i.Name == "lepton.health.degraded")
            {
                unit = i.Unit;
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "condition")
                    observed[(string)tag.Value!] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Equal("{condition}", unit);
        return observed;
    }
}
