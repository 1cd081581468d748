using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Dashboard.Monitoring;

/// <summary>Closes one sample of every (tenant, jurisdiction) each <see cref="MonitoringOptions.SampleInterval"/>.</summary>
public sealed class MonitoringSampler(MonitoringRecorder recorder, IOptions<MonitoringOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                recorder.Sample();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
