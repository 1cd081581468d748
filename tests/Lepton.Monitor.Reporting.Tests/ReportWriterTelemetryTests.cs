using System.Diagnostics;
using Lepton.Monitor.Reporting.Bench;
using Lepton.Monitor.Reporting.Tests.Support;

namespace Lepton.Monitor.Reporting.Tests;

public class ReportWriterTelemetryTests
{
    [Fact]
    public void Each_write_opens_a_report_write_span_with_the_kind_and_chart_count()
    {
        var spans = new List<Activity>();
        var marker = Guid.NewGuid().ToString("N");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ReportingTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        using var dir = new TempDirectory();

        using (var parent = new Activity("test-" + marker).Start())
            ReportWriter.WriteBench(dir.Path, new BenchReportInput([new ThroughputFigure("HTTP", 1000)], [new LatencyFigure("a", 1, 2), new LatencyFigure("b", 3, 4)]));

        Activity span;
        lock (spans) span = spans.Single(s => s.Parent?.OperationName == "test-" + marker);
        Assert.Equal("report.write", span.OperationName);
        Assert.Equal("bench", span.GetTagItem("lepton.report.kind"));
        Assert.Equal(3, span.GetTagItem("lepton.report.charts"));
        Assert.Equal(ActivityStatusCode.Ok, span.Status);
    }
}
