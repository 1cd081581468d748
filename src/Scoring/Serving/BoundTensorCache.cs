using Microsoft.ML.OnnxRuntime;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// ORT tensors and an <see cref="OrtIoBinding"/> kept over ONE pair of long-lived (pinned) feature/score buffers, one
/// entry per row count, so a steady batching loop reuses them instead of creating two OrtValues and marshalling names
/// on every Run. Not thread-safe: <see cref="RawOnnxRunner"/> hands it to one caller at a time.
/// </summary>
internal sealed class BoundTensorCache(InferenceSession session, string inputName, string outputName, float[] features, float[] scores) : IDisposable
{
    /// <summary>Distinct row counts kept before the cache starts over; dynamic batches cluster on a few sizes.</summary>
    private const int MaxEntries = 128;

    private readonly Dictionary<int, Entry> _byRows = [];

    public bool Serves(float[] f, float[] s) => ReferenceEquals(f, features) && ReferenceEquals(s, scores);

    /// <summary>The binding for the first <paramref name="rows"/> rows, created on first use.</summary>
    public OrtIoBinding For(int rows, int width)
    {
        if (_byRows.TryGetValue(rows, out var entry))
            return entry.Binding;
        if (_byRows.Count >= MaxEntries)
            Clear();
        var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, features.AsMemory(0, rows * width), [rows, width]);
        var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, scores.AsMemory(0, rows), [rows, 1]);
        var binding = session.CreateIoBinding();
        binding.BindInput(inputName, input);
        binding.BindOutput(outputName, output);
        _byRows[rows] = new Entry(input, output, binding);
        return binding;
    }

    public void Dispose() => Clear();

    private void Clear()
    {
        foreach (var entry in _byRows.Values)
        {
            entry.Binding.Dispose();
            entry.Input.Dispose();
            entry.Output.Dispose();
        }
        _byRows.Clear();
    }

    private sealed record Entry(OrtValue Input, OrtValue Output, OrtIoBinding Binding);
}
