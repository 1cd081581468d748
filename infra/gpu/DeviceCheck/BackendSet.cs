using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.DeviceCheck;

/// <summary>
/// The backends measured for one model, each created once for the largest batch: ONNX Runtime CPU on 2 threads (the
/// reference), cuBLASLt fp32 and TF32, ONNX Runtime's CUDA provider. A GPU backend that cannot come up here is null,
/// with the reason.
/// </summary>
public sealed class BackendSet : IDisposable
{
    public BackendSet(string model, string path, int maxRows, bool gpu)
    {
        Model = model;
        Path = path;
        Cpu = new RawOnnxRunner(path, new ScoringOptions { Device = ScoringDevice.Cpu, IntraOpThreads = 2 });
        Features = Tile(ParityProbe.Features(), maxRows * FeatureExtractor.FeatureCount);
        try
        {
            var graph = DenseGraphReader.Read(path);
            Parameters = graph.ParameterCount;
            Shape = string.Join(" → ", graph.Layers.Select(l => l.Inputs).Append(graph.Layers[^1].Outputs));
        }
        catch (UnsupportedGraphException e)
        {
            Shape = e.Message;
        }
        if (gpu)
        {
            try
            {
                var graph = DenseGraphReader.Read(path);
                CublasFp32 = CublasLtBackend.Create(graph, maxRows);
                CublasTf32 = CublasLtBackend.Create(graph, maxRows, tf32: true);
            }
            catch (GpuUnavailableException e)
            {
                CublasFp32?.Dispose();
                CublasFp32 = null;
                CublasReason = e.Message;
            }
        }
        else
        {
            CublasReason = "no NVIDIA driver";
        }
        try
        {
            OnnxCuda = new RawOnnxRunner(path, new ScoringOptions { Device = ScoringDevice.Cuda });
        }
        catch (ScoringDeviceUnavailableException e)
        {
            OnnxCudaReason = e.Reason; // the loader's words, e.g. libcublasLt.so.13: cannot open shared object file
        }
    }

    public string Model { get; }
    public long Parameters { get; }

    /// <summary>Layer widths, e.g. "19 → 1024 → 1024 → 1".</summary>
    public string Shape { get; } = "";
    public string Path { get; }

    /// <summary>Row-major feature rows for the largest batch (the parity probe's rows, repeated), pinned.</summary>
    public float[] Features { get; }

    public RawOnnxRunner Cpu { get; }
    public CublasLtBackend? CublasFp32 { get; }
    public CublasLtBackend? CublasTf32 { get; }
    public string? CublasReason { get; }
    public RawOnnxRunner? OnnxCuda { get; }
    public string? OnnxCudaReason { get; }

    public void Dispose()
    {
        Cpu.Dispose();
        CublasFp32?.Dispose();
        CublasTf32?.Dispose();
        OnnxCuda?.Dispose();
    }

    private static float[] Tile(float[] source, int length)
    {
        var tiled = GC.AllocateUninitializedArray<float>(length, pinned: true);
        for (var i = 0; i < length; i += source.Length)
            source.AsSpan(0, Math.Min(source.Length, length - i)).CopyTo(tiled.AsSpan(i));
        return tiled;
    }
}
