namespace Lepton.Monitor.Training;

/// <summary>
/// A boosted tree ensemble for binary risk: P(risky) = sigmoid(<see cref="BaseMargin"/> + Σ tree(x)) on raw
/// (unstandardised) features. <see cref="Predict"/> is the reference the exported ONNX graph is checked against.
/// </summary>
internal sealed record GbdtEnsemble(int Inputs, float BaseMargin, IReadOnlyList<GbdtTree> Trees, double LearningRate, int MaxDepth)
{
    /// <summary>Raw margin (log-odds), summed in double.</summary>
    public double Margin(ReadOnlySpan<float> x)
    {
        double margin = BaseMargin;
        foreach (var tree in Trees)
            margin += tree.Evaluate(x);
        return margin;
    }

    public double Predict(ReadOnlySpan<float> x) => 1.0 / (1.0 + Math.Exp(-Margin(x)));
}
