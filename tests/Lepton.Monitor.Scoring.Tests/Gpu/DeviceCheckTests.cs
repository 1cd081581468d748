using Lepton.Monitor.DeviceCheck;

namespace Lepton.Monitor.Scoring.Tests.Gpu;

/// <summary>The device check (infra/gpu/DeviceCheck): its arguments, its table, and a real run on a machine without the NVIDIA driver.</summary>
public sealed class DeviceCheckTests
{
    [Fact]
    public void Arguments_default_to_the_issues_batches_and_bad_ones_say_what_is_wrong()
    {
        var defaults = DeviceCheckOptions.Parse([]);
        Assert.Equal([512, 4096, 65536], defaults.Batches);
        Assert.Equal(TimeSpan.FromSeconds(1), defaults.Cell);
        Assert.Equal(4, defaults.Callers);

        var parsed = DeviceCheckOptions.Parse(["--cell-ms", "50", "--callers", "2", "--batches", "8,16"]);
        Assert.Equal(new DeviceCheckOptions(TimeSpan.FromMilliseconds(50), 2, [8, 16]).Cell, parsed.Cell);
        Assert.Equal([8, 16], parsed.Batches);
        Assert.Equal(2, parsed.Callers);

        Assert.Equal("--batches must be a positive whole number, got '0'", Assert.Throws<ArgumentException>(() => DeviceCheckOptions.Parse(["--batches", "8,0"])).Message);
        Assert.Equal("--cell-ms needs a value", Assert.Throws<ArgumentException>(() => DeviceCheckOptions.Parse(["--cell-ms"])).Message);
        Assert.StartsWith("unknown argument '--gpu'", Assert.Throws<ArgumentException>(() => DeviceCheckOptions.Parse(["--gpu"])).Message);
    }

    [Fact]
    public void The_table_shows_rates_differences_and_a_failed_parity_probe()
    {
        var output = new StringWriter();

        new CheckTable(
        [
            new CheckRow("parity", "m", "cuBLASLt fp32", Difference: 2e-7, Tolerance: 1e-5),
            new CheckRow("parity", "m", "cuBLASLt TF32", Difference: 4e-3, Tolerance: 1e-3),
            new CheckRow("rows/s", "m", "ONNX Runtime CPU, 2 threads", 4096, RowsPerSecond: 61_234),
            new CheckRow("rows/s", "m", "service on Device=cublas, 4 callers", 65536, RowsPerSecond: 12_345_678),
        ]).Write(output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("| parity | m | cuBLASLt fp32 |  |  | 2E-07 | passed (≤ 1E-05) |", lines[2]);
        Assert.Equal("| parity | m | cuBLASLt TF32 |  |  | 0.004 | FAILED (≤ 0.001) |", lines[3]);
        Assert.Equal("| rows/s | m | ONNX Runtime CPU, 2 threads | 4,096 | 61,234 |  |  |", lines[4]);
        Assert.Equal("| rows/s | m | service on Device=cublas, 4 callers | 65,536 | 12.35M |  |  |", lines[5]);
    }

    [DeviceFallbackFact]
    public async Task Without_the_driver_it_says_so_and_measures_only_onnx_runtime_cpu()
    {
        var output = new StringWriter();

        var exit = await new DeviceCheck.DeviceCheck(DeviceCheckOptions.Parse(["--cell-ms", "20", "--batches", "64"]), output).RunAsync();

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("no NVIDIA driver: GPU rows skipped (libcuda.so.1", text);
        Assert.Contains("1M-parameter MLP: 1,071,105 parameters (19 → 1024 → 1024 → 1)", text);
        Assert.Contains("ONNX Runtime CUDA EP: skipped (", text);
        var rows = text.Split('\n').Where(l => l.StartsWith("| rows/s", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, rows.Length); // one CPU row per model: no GPU backend came up
        Assert.All(rows, r => Assert.Contains("| ONNX Runtime CPU, 2 threads | 64 |", r));
        Assert.Contains("| selection | shipped MLP | service on Device=auto |  |  |  | came up on cpu |", text);
        Assert.Contains("| selection | 1M-parameter MLP | service on Device=auto |  |  |  | came up on cpu |", text);
        Assert.Contains("targets (1M-parameter MLP, batch 64): not measured here", text);
    }
}
