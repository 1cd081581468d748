using Npgsql;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Wakes a process's outbox drainer when any process added messages: a latch set by this process's own adds and by
/// PostgreSQL notifications on <c>channel</c>, heard on one LISTEN connection kept open in the background (reopened
/// after a loss; the waiter's timeout covers the gap). Set stays set until a wait consumes it, so an add between two
/// waits is not missed.
/// </summary>
internal sealed class PostgresOutboxWakeup(NpgsqlDataSource dataSource, string channel) : IAsyncDisposable
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private int _disposed;

    public void Set()
    {
        lock (_gate)
            _signal.TrySetResult();
    }

    /// <summary>
    /// Completes when set since the last wait, or after <paramref name="timeout"/> (real time: a drainer's test clock
    /// must not stop it). The first wait starts listening and, within the timeout, waits until it is.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await StartListening().WaitAsync(timeout, ct).ConfigureAwait(false);
            var left = timeout - TimeProvider.System.GetElapsedTime(started);
            Task signal;
            lock (_gate)
                signal = _signal.Task;
            await signal.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, ct).ConfigureAwait(false);
            lock (_gate)
            {
                if (_signal.Task.IsCompleted)
                    _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        catch (TimeoutException)
        {
            // Poll anyway: a backoff may have elapsed, or a notification was missed while the listener reconnected.
        }
    }

    private Task StartListening()
    {
        lock (_gate)
            _loop ??= Volatile.Read(ref _disposed) == 1 ? Task.CompletedTask : Task.Run(() => ListenAsync(_stop.Token));
        return _listening.Task;
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                connection.Notification += (_, _) => Set();
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                _listening.TrySetResult();
                // Whatever was added while no connection listened is found by the drainer's next round.
                Set();
                while (true)
                    await connection.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // Down or dropped: try again shortly; waiters fall back to their timeouts meanwhile.
                try
                {
                    await Task.Delay(ReconnectDelay, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        Task? loop;
        lock (_gate)
            loop = _loop;
        if (loop is not null)
            await loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
