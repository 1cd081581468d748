namespace Lepton.Monitor.Scoring;

/// <summary>
/// An ONNX model that is a chain of dense layers (an MLP), read from the .onnx file itself: what the cuBLASLt backend
/// runs and what its CPU reference path checks it against. Input float [N, F], output float [N, 1].
/// </summary>
public sealed record DenseGraph(string InputName, string OutputName, IReadOnlyList<DenseLayer> Layers, IReadOnlyDictionary<string, string> Metadata)
{
    public int InputWidth => Layers[0].Inputs;

    /// <summary>The widest layer output: the size of the activation buffers per row.</summary>
    public int MaxWidth => Layers.Max(l => Math.Max(l.Inputs, l.Outputs));

    public long ParameterCount => Layers.Sum(l => (long)l.Weights.Length + l.Bias.Length);
}
