namespace Lepton.Monitor.Training;

/// <summary>
/// One regression tree in the flat layout ONNX <c>TreeEnsembleRegressor</c> uses: node i is a leaf when
/// <see cref="IsLeaf"/>[i], else it sends x to <see cref="TrueChild"/>[i] when x[Feature[i]] ≤ Threshold[i] and to
/// <see cref="FalseChild"/>[i] otherwise. Node 0 is the root.
/// </summary>
internal sealed record GbdtTree(int[] Feature, float[] Threshold, int[] TrueChild, int[] FalseChild, bool[] IsLeaf, float[] LeafValue)
{
    public int NodeCount => Feature.Length;

    /// <summary>The leaf value <paramref name="x"/> lands in, comparing in float exactly as ORT does.</summary>
    public float Evaluate(ReadOnlySpan<float> x)
    {
        var n = 0;
        while (!IsLeaf[n])
            n = x[Feature[n]] <= Threshold[n] ? TrueChild[n] : FalseChild[n];
        return LeafValue[n];
    }
}
