using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.Ingest.EventHubs;

namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// Sends each chunk as <see cref="EventDataBatch"/>es whose partition key is the tenant (as `lepton publish
/// --event-hubs` does), one event per record, at most <c>concurrency</c> chunks in flight; a chunk's records are
/// acknowledged when its last batch was sent.
/// </summary>
public sealed class EventHubsLoadSender : ILoadSender
{
    private readonly EventHubProducerClient _producer;
    private readonly SendSlots _slots;
    private readonly string _tenant;
    private readonly LoadStatistics _stats;

    public EventHubsLoadSender(string connectionString, string hub, string tenant, int concurrency, LoadStatistics stats)
    {
        _producer = new EventHubsClients(new EventHubsOptions { ConnectionString = connectionString }).Producer(hub);
        _slots = new SendSlots(concurrency);
        _tenant = tenant;
        _stats = stats;
        Description = $"event hub '{hub}' at {_producer.FullyQualifiedNamespace} (batches keyed '{tenant}', {concurrency} chunks in flight)";
    }

    public string Description { get; }

    public async Task PrepareAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            await _producer.GetEventHubPropertiesAsync(timeout.Token);
        }
        catch (Exception e) when (e is EventHubsException or OperationCanceledException or UnauthorizedAccessException)
        {
            throw new LoadTargetException($"the event hub did not answer: {e.Message}");
        }
    }

    public async Task SendAsync(LoadChunk chunk, long dueTimestamp, CancellationToken ct)
    {
        await _slots.TakeAsync(ct);
        _ = SendChunkAsync(chunk, dueTimestamp);
    }

    private async Task SendChunkAsync(LoadChunk chunk, long dueTimestamp)
    {
        var sent = 0;
        try
        {
            var options = new CreateBatchOptions { PartitionKey = _tenant };
            var batch = await _producer.CreateBatchAsync(options);
            try
            {
                var inBatch = 0;
                for (var i = 0; i < chunk.Records; i++)
                {
                    var data = new EventData(chunk.Record(i));
                    if (batch.TryAdd(data))
                    {
                        inBatch++;
                        continue;
                    }
                    if (inBatch == 0)
                        throw new InvalidOperationException($"a record is larger than the hub's maximum event size ({batch.MaximumSizeInBytes} bytes)");
                    await _producer.SendAsync(batch);
                    sent += inBatch;
                    batch.Dispose();
                    batch = await _producer.CreateBatchAsync(options);
                    inBatch = batch.TryAdd(data) ? 1 : throw new InvalidOperationException("a record does not fit an empty batch");
                }
                if (inBatch > 0)
                    await _producer.SendAsync(batch);
                _stats.Acknowledge(chunk.Records, dueTimestamp);
            }
            finally
            {
                batch.Dispose();
            }
        }
        catch (Exception e) when (e is EventHubsException or InvalidOperationException or OperationCanceledException)
        {
            if (sent > 0)
                _stats.Acknowledge(sent, dueTimestamp);
            var busy = e is EventHubsException { Reason: EventHubsException.FailureReason.ServiceBusy or EventHubsException.FailureReason.QuotaExceeded };
            _stats.Fail(e is EventHubsException eh ? "event hubs " + eh.Reason : e.GetType().Name, chunk.Records - sent, backpressure: busy);
        }
        finally
        {
            _slots.Release();
        }
    }

    public Task DrainAsync(TimeSpan timeout) => _slots.DrainAsync(timeout);

    public async ValueTask DisposeAsync() => await _producer.DisposeAsync();
}
