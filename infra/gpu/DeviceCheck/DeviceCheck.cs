using System.Globalization;
using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.DeviceCheck;

/// <summary>
/// The issue-22 device check, in order: the parity probe of each GPU backend (cuBLASLt fp32, cuBLASLt TF32, ONNX Runtime's
/// CUDA provider) against ONNX Runtime CPU, then for the shipped MLP and a 1M-parameter MLP at each batch size: cuBLASLt
/// fp32 and TF32 with and without host↔device copies, ONNX Runtime CUDA (when its provider comes up), ONNX Runtime CPU on
/// 2 threads, and the batching service on each GPU device fed by concurrent callers. One table; a backend that cannot
/// run here is one row saying why. Exit code 1 when a parity probe failed.
/// </summary>
public sealed class DeviceCheck(DeviceCheckOptions options, TextWriter output)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly List<CheckRow> _rows = [];

    public IReadOnlyList<CheckRow> Rows => _rows;

    public async Task<int> RunAsync()
    {
        output.WriteLine(string.Create(Inv,
            $"ONNX Runtime {OrtEnvVersion()} ({OnnxRuntimeBuild.Package}), {Environment.ProcessorCount} cores, cell {options.Cell.TotalMilliseconds:0} ms, {options.Callers} service callers"));
        var driver = CudaLibraries.TryLoad(CudaLibraries.DriverNames, out var driverReason);
        if (driver == IntPtr.Zero)
            output.WriteLine($"no NVIDIA driver: GPU rows skipped ({driverReason})");

        var folder = Path.Combine(Path.GetTempPath(), "lepton-device-check-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var shipped = Path.Combine(AppContext.BaseDirectory, "onnx", ScoringOptions.DefaultModelFileName);
            var models = new List<(string Name, string Path)> { ("shipped MLP", shipped), ("1M-parameter MLP", WriteLargeMlp(folder, shipped)) };
            var sets = models.Select(m => new BackendSet(m.Name, m.Path, options.Batches.Max(), gpu: driver != IntPtr.Zero)).ToList();
            try
            {
                foreach (var set in sets)
                    Describe(set, gpu: driver != IntPtr.Zero);
                foreach (var set in sets)
                    Parity(set);
                foreach (var set in sets)
                    await SelectionAsync(set);
                foreach (var set in sets)
                    await ThroughputAsync(set);
            }
            finally
            {
                foreach (var set in sets)
                    set.Dispose();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        new CheckTable(_rows).Write(output);
        WriteTargets();
        return _rows.Any(r => r.Failed) ? 1 : 0;
    }

    private void Parity(BackendSet set)
    {
        void Probe(string backend, IInferenceBackend? candidate, double tolerance, string? unavailable)
        {
            if (candidate is null)
                return; // said once above the table
            _rows.Add(new CheckRow("parity", set.Model, backend, Difference: ParityProbe.MaxDifference(candidate, set.Cpu), Tolerance: tolerance));
        }
        Probe("cuBLASLt fp32", set.CublasFp32, ParityProbe.Fp32Tolerance, set.CublasReason);
        Probe("cuBLASLt TF32", set.CublasTf32, ParityProbe.Tf32Tolerance, set.CublasReason);
        Probe("ONNX Runtime CUDA EP", set.OnnxCuda, ParityProbe.Fp32Tolerance, set.OnnxCudaReason);
    }

    /// <summary>Where the product's default, <c>Device=auto</c>, ends up for this model on this machine (a GPU backend only after its parity probe passed).</summary>
    private async Task SelectionAsync(BackendSet set)
    {
        var scoring = new ScoringOptions { ModelPath = set.Path, Device = ScoringDevice.Auto, MaxBatchSize = options.Batches.Max(), MaxWait = TimeSpan.Zero };
        await using var service = new OnnxScoringService(scoring, FixedRateCurrencyConverter.Default);
        _rows.Add(new CheckRow("selection", set.Model, "service on Device=auto", Note: $"came up on {service.Model.Device}"));
    }

    private async Task ThroughputAsync(BackendSet set)
    {
        var features = set.Features;
        var scores = new float[options.Batches.Max()];
        foreach (var batch in options.Batches)
        {
            void Cell(string backend, IInferenceBackend? available, string? reason, Action run)
            {
                if (available is not null) // an unavailable backend was said once above the table
                    _rows.Add(new CheckRow("rows/s", set.Model, backend, batch, RowsPerSecond: Throughput.Measure(run, batch, options.Cell)));
            }
            Cell("cuBLASLt fp32, with copies", set.CublasFp32, set.CublasReason, () => set.CublasFp32!.Run(features, batch, scores));
            Cell("cuBLASLt fp32, without copies", set.CublasFp32, set.CublasReason, () => set.CublasFp32!.RunResident(batch));
            Cell("cuBLASLt TF32, with copies", set.CublasTf32, set.CublasReason, () => set.CublasTf32!.Run(features, batch, scores));
            Cell("cuBLASLt TF32, without copies", set.CublasTf32, set.CublasReason, () => set.CublasTf32!.RunResident(batch));
            Cell("ONNX Runtime CUDA EP, with copies", set.OnnxCuda, set.OnnxCudaReason, () => set.OnnxCuda!.Run(features, batch, scores));
            Cell("ONNX Runtime CPU, 2 threads", set.Cpu, null, () => set.Cpu.Run(features, batch, scores));
            await ServiceAsync(set, batch, ScoringDevice.Cublas, "cublas", set.CublasFp32 is null ? set.CublasReason : null);
            await ServiceAsync(set, batch, ScoringDevice.Cuda, "cuda", set.OnnxCuda is null ? set.OnnxCudaReason : null);
        }
    }

    private async Task ServiceAsync(BackendSet set, int batch, ScoringDevice device, string expected, string? unavailable)
    {
        var backend = $"service on Device={expected}, {options.Callers} callers";
        if (unavailable is not null)
            return;
        var scoring = new ScoringOptions { ModelPath = set.Path, Device = device, MaxBatchSize = options.Batches.Max(), MaxWait = TimeSpan.Zero };
        await using var service = new OnnxScoringService(scoring, FixedRateCurrencyConverter.Default);
        if (service.Model.Device != expected)
        {
            _rows.Add(new CheckRow("rows/s", set.Model, backend, batch, Note: $"skipped: the service came up on {service.Model.Device}"));
            return;
        }
        var rows = new ReadOnlyMemory<float>(set.Features, 0, batch * FeatureExtractor.FeatureCount);
        var rate = await Throughput.MeasureServiceAsync(r => service.ScoreFeaturesAsync(r), rows, batch, options.Callers, options.Cell);
        _rows.Add(new CheckRow("rows/s", set.Model, backend, batch, RowsPerSecond: rate));
    }

    /// <summary>One line per model: its size, and each GPU backend that cannot run it here with the reason (its rows are left out of the table).</summary>
    private void Describe(BackendSet set, bool gpu)
    {
        output.WriteLine(string.Create(Inv, $"{set.Model}: {set.Parameters:N0} parameters ({set.Shape})"));
        if (gpu && set.CublasReason is not null)
            output.WriteLine($"  cuBLASLt: skipped ({set.CublasReason})");
        if (set.OnnxCudaReason is not null)
            output.WriteLine($"  ONNX Runtime CUDA EP: skipped ({set.OnnxCudaReason})");
    }

    /// <summary>The issue's targets, from the table: the service ≥ 10M rows/s fp32 on the 1M MLP at the largest batch, and ≥ 100× ONNX Runtime CPU on 2 threads.</summary>
    private void WriteTargets()
    {
        var batch = options.Batches.Max();
        double? Rate(string backend) => _rows.FirstOrDefault(r => r.Model == "1M-parameter MLP" && r.Batch == batch && r.Backend.StartsWith(backend, StringComparison.Ordinal))?.RowsPerSecond;
        var service = Rate("service on Device=cublas");
        var cpu = Rate("ONNX Runtime CPU, 2 threads");
        output.WriteLine();
        if (service is null || cpu is null)
        {
            output.WriteLine(string.Create(Inv, $"targets (1M-parameter MLP, batch {batch:N0}): not measured here (no GPU service row)"));
            return;
        }
        output.WriteLine(string.Create(Inv,
            $"targets (1M-parameter MLP, batch {batch:N0}): service on cublas {CheckTable.Rate(service.Value)} rows/s (target ≥ 10M: {(service >= 10e6 ? "met" : "NOT met")}), " +
            $"{service / cpu:0}× ONNX Runtime CPU on 2 threads (target ≥ 100×: {(service / cpu >= 100 ? "met" : "NOT met")})"));
    }

    private static string OrtEnvVersion()
    {
        try
        {
            return OnnxRuntimeEnvironment.EnsureInitialized().GetVersionString(); // telemetry off, as in the product
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            return "(native library not loadable: " + e.Message + ")";
        }
    }

    /// <summary>Writes the 1M-parameter MLP (19 → 1024 → 1024 → 1) with the shipped model's card (renamed), so the service serves it like any model.</summary>
    private static string WriteLargeMlp(string folder, string shipped)
    {
        const string name = "lepton-check-mlp1m", version = "0.0.1";
        var path = Path.Combine(folder, $"{name}-{version}.onnx");
        DenseOnnxWriter.Write(DenseOnnxWriter.RandomMlp(FeatureExtractor.FeatureCount, [1024, 1024], seed: 20261122), name, version, path);
        var card = ModelCard.Load(ModelCard.PathFor(shipped)) with { Name = name, Version = version };
        card.Save(ModelCard.PathFor(path));
        return path;
    }
}
