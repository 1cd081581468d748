using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// One <see cref="InferenceSession"/> for a [N, F] → [N, 1] float model, run over caller-owned buffers:
/// no per-row allocation and no output copy (ORT writes straight into <c>scores</c>). The scoring service uses it
/// for every batch; benchmarks use it for the "raw ONNX Run on pre-built tensors" figure.
/// <see cref="Run"/> is thread-safe for distinct buffers (ORT sessions are).
/// </summary>
/// <remarks>
/// With <see cref="ScoringOptions.ReuseBoundTensors"/> the OrtValues and IOBinding over a buffer pair used twice in a
/// row (the service's reused buffers) are kept per row count (<see cref="BoundTensorCache"/>); callers that find the
/// cache taken by another thread, or bring one-off buffers, use fresh OrtValues and a plain Run. Both paths run the
/// same session on the same values, so results never depend on which one a call takes.
/// </remarks>
public sealed class RawOnnxRunner : IInferenceBackend
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _reuseBoundTensors;
    private BoundTensorCache? _cache; // guarded by _cacheBusy
    private int _cacheBusy;
    private int _lastUncachedPair; // identity hash of the last buffer pair seen outside the cache; guarded by _cacheBusy
    private bool _disposed;

    public RawOnnxRunner(string modelPath, ScoringOptions? options = null, ILogger? logger = null)
    {
        ModelPath = modelPath;
        options ??= new ScoringOptions();
        _reuseBoundTensors = options.ReuseBoundTensors;
        (_session, Device) = OnnxSessionFactory.Create(modelPath, options, logger ?? NullLogger.Instance);
        try
        {
            (InputName, FeatureCount) = CheckSingleFloatMatrix(modelPath, _session.InputMetadata, "input", expectedWidth: null);
            (OutputName, _) = CheckSingleFloatMatrix(modelPath, _session.OutputMetadata, "output", expectedWidth: 1);
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }
        _inputNames = [InputName];
        _outputNames = [OutputName];
        Metadata = _session.ModelMetadata.CustomMetadataMap;
    }

    public string ModelPath { get; }
    public string InputName { get; }
    public string OutputName { get; }

    /// <summary>Width F of the input matrix.</summary>
    public int FeatureCount { get; }

    /// <summary>"cpu" or "cuda": the execution provider the session was created with.</summary>
    public string Device { get; }

    /// <summary>The model's metadata_props (name, version, features for models written by the trainer).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Scores <paramref name="rows"/> rows of <paramref name="features"/> (row-major, F wide) into <paramref name="scores"/>[0..rows).</summary>
    public void Run(float[] features, int rows, float[] scores)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (features.Length < (long)rows * FeatureCount)
            throw new ArgumentException($"features holds fewer than {rows} × {FeatureCount} values", nameof(features));
        if (scores.Length < rows)
            throw new ArgumentException($"scores holds fewer than {rows} values", nameof(scores));

        if (_reuseBoundTensors && Interlocked.CompareExchange(ref _cacheBusy, 1, 0) == 0)
        {
            try
            {
                if (_cache is null || !_cache.Serves(features, scores))
                {
                    // Adopt a buffer pair only when it comes back: one-off arrays stay unpinned and skip the binding cost.
                    var identity = HashCode.Combine(RuntimeHelpers.GetHashCode(features), RuntimeHelpers.GetHashCode(scores));
                    if (identity != _lastUncachedPair)
                    {
                        _lastUncachedPair = identity;
                        RunWithFreshTensors(features, rows, scores);
                        return;
                    }
                    _cache?.Dispose();
                    _cache = new BoundTensorCache(_session, InputName, OutputName, features, scores);
                }
                _session.RunWithBinding(_runOptions, _cache.For(rows, FeatureCount));
            }
            finally
            {
                Volatile.Write(ref _cacheBusy, 0);
            }
            return;
        }
        RunWithFreshTensors(features, rows, scores);
    }

    /// <summary>One Run with OrtValues created for this call only (the path without <see cref="ScoringOptions.ReuseBoundTensors"/>).</summary>
    private void RunWithFreshTensors(float[] features, int rows, float[] scores)
    {
        // OrtValues over the caller's arrays (pinned for the OrtValue's lifetime); the output is pre-bound, so ORT allocates nothing for it.
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, features.AsMemory(0, rows * FeatureCount), [rows, FeatureCount]);
        using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, scores.AsMemory(0, rows), [rows, 1]);
        _session.Run(_runOptions, _inputNames, [input], _outputNames, [output]);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _cache?.Dispose();
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>The one [N, width] float32 tensor of <paramref name="nodes"/>, or a <see cref="ModelLoadException"/> saying what is there instead.</summary>
    internal static (string Name, int Width) CheckSingleFloatMatrix(
        string modelPath, IReadOnlyDictionary<string, NodeMetadata> nodes, string what, int? expectedWidth)
    {
        if (nodes.Count != 1)
            throw new ModelLoadException(modelPath, $"'{modelPath}' has {nodes.Count} {what}s; a scoring model has exactly one float32 [N, F] {what}.");
        var (name, meta) = nodes.First();
        var dims = meta.Dimensions;
        var ok = meta.IsTensor && meta.ElementDataType == TensorElementType.Float && dims.Length == 2 && dims[0] <= 0 && dims[1] > 0
            && (expectedWidth is null || dims[1] == expectedWidth);
        if (!ok)
            throw new ModelLoadException(modelPath,
                $"'{modelPath}' {what} '{name}' is {meta.ElementDataType} [{string.Join(", ", dims)}]; expected float32 [N, {expectedWidth?.ToString() ?? "F"}] with a dynamic N.");
        return (name, dims[1]);
    }
}
