namespace Lepton.Monitor.Scoring;

/// <summary>
/// The dense graph's math on the CPU, plainly: the reference the GPU backend is checked against and the path a batch
/// falls back to when the GPU fails. Single-threaded; float32 products summed in float32 like a GEMM.
/// </summary>
public sealed class DenseGraphCpu(DenseGraph graph)
{
    public DenseGraph Graph { get; } = graph;

    public void Run(ReadOnlySpan<float> features, int rows, Span<float> scores)
    {
        var width = Graph.MaxWidth;
        var a = new float[width];
        var b = new float[width];
        for (var r = 0; r < rows; r++)
        {
            features.Slice(r * Graph.InputWidth, Graph.InputWidth).CopyTo(a);
            foreach (var layer in Graph.Layers)
            {
                for (var o = 0; o < layer.Outputs; o++)
                {
                    var sum = 0f;
                    for (var i = 0; i < layer.Inputs; i++)
                        sum += a[i] * layer.Weights[i * layer.Outputs + o];
                    b[o] = Activate(sum + layer.Bias[o], layer.Activation);
                }
                (a, b) = (b, a);
            }
            scores[r] = a[0];
        }
    }

    public static float Activate(float x, DenseActivation activation) => activation switch
    {
        DenseActivation.Relu => Math.Max(0f, x),
        DenseActivation.Sigmoid => 1f / (1f + MathF.Exp(-x)),
        DenseActivation.Tanh => MathF.Tanh(x),
        _ => x,
    };
}
