using Lepton.Monitor.DevTools.Bench;

namespace Lepton.Monitor.DevTools.Cli;

/// <summary>`lepton bench --output json`: the machine and the pipeline bench's figures (schema in docs/cli.md).</summary>
public sealed record BenchDocument(int Cores, string Os, BenchReport Report)
{
    public int SchemaVersion => 1;
}
