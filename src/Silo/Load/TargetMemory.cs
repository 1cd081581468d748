namespace Lepton.Monitor.Silo.Load;

/// <summary>The target's resident memory and managed heap from one scrape of its /metrics (each null when not exported).</summary>
public sealed record TargetMemory(double? RssBytes, double? GcHeapBytes)
{
    // .NET 9+ "System.Runtime" meter names first (what `lepton run` exports via OpenTelemetry), then the older
    // OpenTelemetry runtime/process instrumentation and prometheus-net names.
    private static readonly string[] RssNames =
        ["dotnet_process_memory_working_set_bytes", "process_memory_usage_bytes", "process_working_set_bytes", "process_resident_memory_bytes"];

    private static readonly string[] GcHeapNames =
        ["dotnet_gc_last_collection_heap_size_bytes", "process_runtime_dotnet_gc_heap_size_bytes", "dotnet_gc_heap_size_bytes"];

    public static TargetMemory Parse(string scrape) =>
        new(PrometheusText.First(scrape, RssNames), PrometheusText.First(scrape, GcHeapNames));
}
