using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Lepton.Monitor.Dashboard.Monitoring;

/// <summary>
/// Feeds the <see cref="MonitoringRecorder"/> from the monitor grains' own instruments (MonitorTelemetry, Meter
/// <c>Lepton.Monitor.Grains</c>), which carry <c>tenant</c> and <c>jurisdiction</c> tags on batch-level measurements.
/// In-process only: where the board runs as an Orleans client apart from the silos, it hears nothing and the series
/// stay empty (the view says so).
/// </summary>
public sealed class MonitoringMeterListener(MonitoringRecorder recorder) : IHostedService, IDisposable
{
    public const string MeterName = "Lepton.Monitor.Grains";
    public const string RecordsInstrument = "lepton.monitor.records";
    public const string AlertsInstrument = "lepton.alerts.created";
    public const string ScoringInstrument = "lepton.monitor.scoring.duration";

    private MeterListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MeterName && instrument.Name is RecordsInstrument or AlertsInstrument or ScoringInstrument)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>(OnCount);
        listener.SetMeasurementEventCallback<double>(OnDuration);
        listener.Start();
        _listener = listener;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
    }

    private void OnCount(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (value <= 0 || Scope(tags) is not var (tenant, jurisdiction))
            return;
        if (instrument.Name == RecordsInstrument)
            recorder.AddRecords(tenant, jurisdiction, value);
        else if (instrument.Name == AlertsInstrument)
            recorder.AddAlerts(tenant, jurisdiction, value);
    }

    private void OnDuration(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == ScoringInstrument && double.IsFinite(value) && Scope(tags) is var (tenant, jurisdiction))
            recorder.AddScoringLatency(tenant, jurisdiction, value * 1000); // the instrument is in seconds, the view in ms
    }

    private static (string Tenant, string Jurisdiction)? Scope(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? tenant = null, jurisdiction = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "tenant") tenant = tag.Value as string;
            else if (tag.Key == "jurisdiction") jurisdiction = tag.Value as string;
        }
        return tenant is not null && jurisdiction is not null ? (tenant, jurisdiction) : null;
    }
}
