namespace Lepton.Monitor.Scoring.Tests.Gpu;

/// <summary>A fact that runs only where the NVIDIA driver, cuBLASLt and a GPU are usable; elsewhere it is skipped with the reason.</summary>
public sealed class GpuFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    public GpuFactAttribute()
    {
        if (Unavailable.Value is { } reason)
            Skip = "no usable GPU here: " + reason;
    }

    private static string? Probe()
    {
        try
        {
            using var backend = CublasLtBackend.Create(DenseGraphReader.Read(TestRecords.ShippedModelPath), 64);
            return null;
        }
        catch (GpuUnavailableException e)
        {
            return e.Message;
        }
    }
}
