using System.Diagnostics.Metrics;
using Lepton.Monitor.Dashboard.Monitoring;

namespace Lepton.Monitor.Dashboard.Tests.Monitoring;

public sealed class MonitoringRecorderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rates_are_the_counts_of_each_interval_over_its_length_and_totals_keep_running()
    {
        var clock = new ManualClock(T0);
        var recorder = new MonitoringRecorder(clock, capacity: 10);

        recorder.AddRecords("acme", "US", 40);
        recorder.AddRecords("acme", "US", 10);
        recorder.AddAlerts("acme", "US", 5);
        clock.Advance(TimeSpan.FromSeconds(5));
        recorder.Sample();
        recorder.AddRecords("acme", "US", 20);
        clock.Advance(TimeSpan.FromSeconds(10));
        recorder.Sample();

        var series = recorder.Read("acme", "US");
        Assert.Equal(new double[] { (T0 + TimeSpan.FromSeconds(5)).ToUnixTimeSeconds(), (T0 + TimeSpan.FromSeconds(15)).ToUnixTimeSeconds() }, series.T);
        Assert.Equal([10.0, 2.0], series.RecordsPerSecond);
        Assert.Equal([1.0, 0.0], series.AlertsPerSecond);
        Assert.Equal(70, series.TotalRecords);
        Assert.Equal(5, series.TotalAlerts);
    }

    [Fact]
    public void Scopes_are_kept_apart_and_an_unknown_one_reads_empty()
    {
        var clock = new ManualClock(T0);
        var recorder = new MonitoringRecorder(clock, capacity: 10);
        recorder.AddRecords("acme", "US", 10);
        recorder.AddRecords("acme", "EU", 30);
        recorder.AddRecords("globex", "US", 50);
        clock.Advance(TimeSpan.FromSeconds(10));
        recorder.Sample();

        Assert.Equal([1.0], recorder.Read("acme", "US").RecordsPerSecond);
        Assert.Equal([3.0], recorder.Read("acme", "EU").RecordsPerSecond);
        Assert.Equal([5.0], recorder.Read("globex", "US").RecordsPerSecond);
        Assert.Empty(recorder.Read("globex", "EU").T);
        Assert.Equal(0, recorder.Read("initech", "US").TotalRecords);
    }

    [Fact]
    public void The_ring_keeps_only_the_latest_capacity_points()
    {
        var clock = new ManualClock(T0);
        var recorder = new MonitoringRecorder(clock, capacity: 3);
        for (var i = 1; i <= 5; i++)
        {
            recorder.AddRecords("acme", "US", i);
            clock.Advance(TimeSpan.FromSeconds(1));
            recorder.Sample();
        }

        var series = recorder.Read("acme", "US");
        Assert.Equal([3.0, 4.0, 5.0], series.RecordsPerSecond);
        Assert.Equal((T0 + TimeSpan.FromSeconds(3)).ToUnixTimeSeconds(), series.T[0]);
        Assert.Equal(15, series.TotalRecords);
    }

    [Fact]
    public void Latency_percentiles_cover_the_interval_and_an_interval_without_scoring_is_a_gap()
    {
        var clock = new ManualClock(T0);
        var recorder = new MonitoringRecorder(clock, capacity: 10);
        for (var ms = 1; ms <= 100; ms++)
            recorder.AddScoringLatency("acme", "US", ms);
        clock.Advance(TimeSpan.FromSeconds(5));
        recorder.Sample();
        clock.Advance(TimeSpan.FromSeconds(5));
        recorder.Sample();

        var series = recorder.Read("acme", "US");
        Assert.Equal(new double?[] { 50.0, null }, series.ScoringP50Ms);
        Assert.Equal(new double?[] { 95.0, null }, series.ScoringP95Ms);
    }

    [Fact]
    public void No_point_is_added_when_no_time_passed()
    {
        var clock = new ManualClock(T0);
        var recorder = new MonitoringRecorder(clock, capacity: 10);
        recorder.AddRecords("acme", "US", 10);
        recorder.Sample();
        Assert.Empty(recorder.Read("acme", "US").T);
    }

    [Fact]
    public void Capacity_is_retention_over_interval_within_bounds()
    {
        Assert.Equal(720, new MonitoringOptions().Capacity);
        Assert.Equal(2, new MonitoringOptions { SampleInterval = TimeSpan.FromHours(1), Retention = TimeSpan.FromSeconds(1) }.Capacity);
        Assert.Equal(TimeSpan.FromMilliseconds(100), new MonitoringOptions { SampleInterval = TimeSpan.Zero }.Interval);
    }

    [Fact]
    public async Task The_listener_counts_the_grains_tagged_measurements_and_ignores_untagged_ones()
    {
        var clock = new ManualClock(T0);
        var recorder = new MonitoringRecorder(clock, capacity: 10);
        // A tenant no other test uses: the listener hears every meter of that name in this process.
        var tenant = $"unit-{Guid.NewGuid():N}";
        using var listener = new MonitoringMeterListener(recorder);
        await listener.StartAsync(CancellationToken.None);
        using var meter = new Meter(MonitoringMeterListener.MeterName);
        var records = meter.CreateCounter<long>(MonitoringMeterListener.RecordsInstrument);
        var alerts = meter.CreateCounter<long>(MonitoringMeterListener.AlertsInstrument);
        var scoring = meter.CreateHistogram<double>(MonitoringMeterListener.ScoringInstrument);
        var scope = new System.Diagnostics.TagList { { "tenant", tenant }, { "jurisdiction", "US" } };

        records.Add(30, scope);
        records.Add(1000, new KeyValuePair<string, object?>("jurisdiction", "US"));
        alerts.Add(3, scope);
        scoring.Record(0.0075, scope); // seconds, shown in ms
        clock.Advance(TimeSpan.FromSeconds(3));
        recorder.Sample();

        var series = recorder.Read(tenant, "US");
        Assert.Equal(30, series.TotalRecords);
        Assert.Equal(3, series.TotalAlerts);
        Assert.Equal([10.0], series.RecordsPerSecond);
        Assert.Equal(new double?[] { 7.5 }, series.ScoringP50Ms);
    }
}
