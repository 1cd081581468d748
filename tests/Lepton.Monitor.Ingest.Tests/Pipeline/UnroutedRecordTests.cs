using System.Diagnostics.Metrics;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>Issue 12, item 11: a record no enabled jurisdiction of its tenant concerns is counted, not silently dropped.</summary>
public sealed class UnroutedRecordTests
{
    [Fact]
    public void Records_routed_to_no_monitor_are_counted_per_tenant()
    {
        // A tenant unique to this test, so counts from other tests in the process cannot mix in.
        var tenant = "sg-only-" + Guid.NewGuid().ToString("N")[..8];
        var router = new RecordRouter(new TenantDirectory(new TestTenantStore(TestTenantStore.Tenant(tenant, "SG"))),
            new JurisdictionCatalog(RulePackSet.LoadDefault()));
        var records = Enumerable.Range(0, 3).Select(i => Sample($"tx-{i}") with { Tenant = tenant }).ToArray();
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IngestTelemetry.Name && instrument.Name == "lepton.ingest.unrouted")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "tenant" && Equals(tag.Value, tenant))
                    Interlocked.Add(ref counted, value);
        });
        listener.Start();

        var routes = router.Route(records);

        Assert.Empty(routes);
        Assert.Equal(3, Interlocked.Read(ref counted));
    }

    [Fact]
    public async Task Unrouted_records_are_still_marked_processed()
    {
        await using var pipeline = await PipelineHarness.StartAsync(null, "SG");

        await pipeline.SubmitAsync(PipelineHarness.Ids("tx-", 2));
        await pipeline.WaitForIdleAsync();

        Assert.Empty(pipeline.Monitors.Acknowledged);
        Assert.Equal(2, pipeline.Journal.ProcessedWatermark);
    }

    private static Contracts.MonitoredRecord Sample(string id)
    {
        var raw = SampleRecord.ParseOne(SampleRecord.Json(id: id));
        return new PseudonymizerRegistry(_ => new byte[32]).For("acme").ToMonitoredTakingOwnership(raw, DateTimeOffset.UnixEpoch);
    }
}
