using Lepton.Monitor.Silo.Load;

namespace Lepton.Monitor.Integration.Tests.Load;

/// <summary>The plain parts of `lepton load`: schedule, histogram, scrape parsing, durations, loopback hosts.</summary>
public sealed class LoadPartsTests
{
    [Fact]
    public void The_pacer_schedules_chunks_at_i_times_chunk_over_rate_and_the_last_chunk_holds_the_rest()
    {
        var pacer = new RatePacer(recordsPerSecond: 2_000, chunkRecords: 300, totalRecords: 1_000);
        Assert.Equal(4, pacer.Chunks);
        Assert.Equal([300, 300, 300, 100], Enumerable.Range(0, 4).Select(c => pacer.RecordsIn(c)));
        Assert.Equal(TimeSpan.Zero, pacer.DueOffset(0));
        Assert.Equal(TimeSpan.FromMilliseconds(450), pacer.DueOffset(3));
        Assert.True(pacer.DueOffset(pacer.Chunks - 1) < TimeSpan.FromSeconds(1_000 / 2_000.0));
    }

    [Fact]
    public void The_histogram_gives_percentiles_within_two_percent_and_the_exact_maximum()
    {
        var h = new LatencyHistogram();
        for (var ms = 1; ms <= 1_000; ms++)
            h.Record(TimeSpan.FromMilliseconds(ms));
        Assert.Equal(1_000, h.Count);
        Assert.InRange(h.PercentileMs(0.50), 500 * 0.98, 500 * 1.02);
        Assert.InRange(h.PercentileMs(0.99), 990 * 0.98, 990 * 1.02);
        Assert.Equal(1_000, h.MaxMs);
        Assert.True(double.IsNaN(new LatencyHistogram().PercentileMs(0.5)));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(63L)]
    [InlineData(64L)]
    [InlineData(1_000L)]
    [InlineData(123_456_789L)]
    public void A_value_lies_in_a_bucket_whose_upper_bound_is_within_two_percent(long micros)
    {
        var upper = LatencyHistogram.UpperMicros(LatencyHistogram.Index(micros));
        Assert.InRange(upper, micros, Math.Max(micros, (long)(micros * 1.02)));
    }

    [Fact]
    public void Target_memory_is_read_from_the_names_the_product_exports_summing_the_gc_generations()
    {
        const string scrape = """
            # TYPE dotnet_process_memory_working_set_bytes gauge
            dotnet_process_memory_working_set_bytes{otel_scope_name="System.Runtime"} 177868800
            dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen0"} 1000
            dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen2"} 2000
            dotnet_gc_last_collection_heap_size_bytes_other 5
            """;
        Assert.Equal(new TargetMemory(177868800, 3000), TargetMemory.Parse(scrape));
        Assert.Equal(new TargetMemory(null, 42), TargetMemory.Parse("process_runtime_dotnet_gc_heap_size_bytes{generation=\"gen0\"} 42 1700000000"));
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("10m", 600)]
    [InlineData("1m30s", 90)]
    [InlineData("1h", 3_600)]
    [InlineData("45", 45)]
    public void Durations_read_as_seconds_minutes_and_hours(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), LoadOptions.ParseDuration(text));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("localhost", true)]
    [InlineData("[::1]", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("kafka.example.com", false)]
    public void Only_this_machine_is_loopback(string host, bool loopback) =>
        Assert.Equal(loopback, LoopbackHosts.IsLoopback(host));

    [Fact]
    public void Bootstrap_hosts_are_split_from_their_ports()
    {
        Assert.Equal(["127.0.0.1", "localhost", "[::1]"], LoopbackHosts.BootstrapHosts("127.0.0.1:9092, localhost:9093,[::1]:9094"));
    }
}
