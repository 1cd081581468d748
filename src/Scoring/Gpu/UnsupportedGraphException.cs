namespace Lepton.Monitor.Scoring;

/// <summary>The model is not a chain of dense layers the GPU backend can run; names the node and op (that model stays on ONNX Runtime).</summary>
public sealed class UnsupportedGraphException(string? node, string? op, string reason)
    : Exception(node is null ? reason : $"node '{node}' ({op}): {reason}")
{
    public string? Node { get; } = node;
    public string? Op { get; } = op;
}
