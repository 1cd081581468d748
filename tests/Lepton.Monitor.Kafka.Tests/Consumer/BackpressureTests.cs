using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Kafka.Tests.Support;

namespace Lepton.Monitor.Kafka.Tests.Consumer;

/// <summary>With at most one batch in flight per partition the consumer pauses and resumes, exports its lag, and loses nothing.</summary>
public sealed class BackpressureTests
{
    [Fact]
    public async Task A_partition_at_its_in_flight_limit_is_paused_resumed_and_its_lag_exported()
    {
        using var cluster = new MockKafkaCluster();
        using var data = new TempFolder();
        var generated = TransactionGenerator.Generate(new GeneratorOptions { Tenant = KafkaHost.Tenant, Count = 600, Seed = 11 }).ToList();
        await cluster.ProduceAsync(KafkaHost.Topic, generated.Select(g => new Message<byte[]?, byte[]?> { Key = "acme"u8.ToArray(), Value = g.Utf8Line }), partition: 2);
        await KafkaHost.CreateTenantAsync(data.Path);

        long pauses = 0;
        var lags = new List<(long Lag, int Partition)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KafkaTelemetry.Name && instrument.Name is "lepton.kafka.pauses" or "lepton.kafka.consumer_lag")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "lepton.kafka.pauses")
                Interlocked.Add(ref pauses, value);
            else
            {
                var partition = 0;
                foreach (var tag in tags)
                    if (tag.Key == "partition")
                        partition = (int)tag.Value!;
                lock (lags)
                    lags.Add((value, partition));
            }
        });
        listener.Start();

        await using var host = await KafkaHost.StartAsync(data.Path, cluster, "g-slow",
            "--Lepton:Kafka:BatchSize", "20", "--Lepton:Kafka:MaxInFlightBatchesPerPartition", "1", "--Lepton:Kafka:BatchLingerMs", "0");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (cluster.CommittedTotal(KafkaHost.Topic, "g-slow") < generated.Count && DateTime.UtcNow < deadline)
        {
            listener.RecordObservableInstruments();
            await Task.Delay(100);
        }
        Assert.Equal(generated.Count, cluster.CommittedTotal(KafkaHost.Topic, "g-slow"));
        await Task.Delay(1_200); // one more lag update after the last commit
        listener.RecordObservableInstruments();

        Assert.True(Interlocked.Read(ref pauses) > 0, "the partition was never paused");
        lock (lags)
        {
            Assert.Contains(lags, l => l.Partition == 2 && l.Lag > 0);
            Assert.Equal(0, lags.Last(l => l.Partition == 2).Lag);
        }
    }
}
