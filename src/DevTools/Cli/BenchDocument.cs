using Lepton.Monitor.DevTools.Bench;

namespace Lepton.Monitor.DevTools.Cli;

/// <summary>
/// `lepton bench --output json`: the machine, the pipeline bench's figures and the report page (`--report DIR`'s
/// index.html, else null); schema in docs/cli.md.
/// </summary>
public sealed record BenchDocument(int Cores, string Os, BenchReport Report, string? ReportPage)
{
    public int SchemaVersion => 1;
}
