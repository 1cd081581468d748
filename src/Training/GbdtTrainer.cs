namespace Lepton.Monitor.Training;

/// <summary>
/// Deterministic gradient boosting for binary risk: logistic loss, second-order (gradient + hessian) leaves,
/// depth-wise trees grown from per-feature histograms (<see cref="FeatureBins"/>). Single-threaded and summed in a
/// fixed order, so the same data and settings always give the same trees and therefore the same ONNX bytes.
/// </summary>
internal static class GbdtTrainer
{
    /// <summary>Smallest gain that justifies a split; guards against splitting on rounding noise.</summary>
    private const double MinGain = 1e-9;

    public static GbdtEnsemble Train(ReadOnlySpan<float> x, ReadOnlySpan<bool> y, int width, GbdtTrainerSettings settings, IProgress<long>? progress = null)
    {
        var rows = y.Length;
        if (x.Length != rows * width)
            throw new ArgumentException($"x holds {x.Length} values, expected {rows} × {width}");
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Trees, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxDepth, 1);

        var bins = FeatureBins.Fit(x, width, settings.MaxBins);
        var binned = bins.Bin(x);
        var labels = y.ToArray();

        var positives = 0;
        foreach (var label in labels) if (label) positives++;
        var prior = Math.Clamp((double)positives / rows, 1e-6, 1 - 1e-6);
        var baseMargin = (float)Math.Log(prior / (1 - prior));

        var margin = new double[rows];
        Array.Fill(margin, baseMargin);
        var gradient = new double[rows];
        var hessian = new double[rows];
        var nodeOf = new int[rows];
        var trees = new GbdtTree[settings.Trees];
        for (var t = 0; t < settings.Trees; t++)
        {
            progress?.Report(t);
            for (var i = 0; i < rows; i++)
            {
                var p = 1.0 / (1.0 + Math.Exp(-margin[i]));
                gradient[i] = p - (labels[i] ? 1 : 0);
                hessian[i] = Math.Max(p * (1 - p), 1e-12);
            }
            var tree = GrowTree(binned, bins, gradient, hessian, nodeOf, settings);
            for (var i = 0; i < rows; i++)
                margin[i] += tree.LeafValue[nodeOf[i]];
            trees[t] = tree;
        }
        progress?.Report(settings.Trees); // every tree is done (each one reported the trees before it)
        return new GbdtEnsemble(width, baseMargin, trees, settings.LearningRate, settings.MaxDepth);
    }

    /// <summary>Grows one tree; on return <paramref name="nodeOf"/>[i] is the leaf row i fell into.</summary>
    private static GbdtTree GrowTree(byte[] binned, FeatureBins bins, double[] gradient, double[] hessian, int[] nodeOf, GbdtTrainerSettings s)
    {
        var width = bins.Width;
        var stride = s.MaxBins;
        var rows = gradient.Length;
        var nodes = new TreeBuilder();
        double rootG = 0, rootH = 0;
        for (var i = 0; i < rows; i++) { rootG += gradient[i]; rootH += hessian[i]; }
        nodes.Add(rootG, rootH);
        Array.Clear(nodeOf);

        var open = new List<int> { 0 };
        for (var depth = 0; depth < s.MaxDepth && open.Count > 0; depth++)
        {
            var slotOf = new int[nodes.Count];
            Array.Fill(slotOf, -1);
            for (var k = 0; k < open.Count; k++) slotOf[open[k]] = k;

            var histG = new double[open.Count * width * stride];
            var histH = new double[open.Count * width * stride];
            for (var i = 0; i < rows; i++)
            {
                var slot = slotOf[nodeOf[i]];
                if (slot < 0) continue;
                var baseIndex = slot * width * stride;
                var row = i * width;
                double g = gradient[i], h = hessian[i];
                for (var f = 0; f < width; f++)
                {
                    var index = baseIndex + f * stride + binned[row + f];
                    histG[index] += g;
                    histH[index] += h;
                }
            }

            // Per split node: (feature, last bin on the true side), or (-1, -1) when it stays a leaf.
            var splitFeature = new int[nodes.Count];
            var splitBin = new int[nodes.Count];
            Array.Fill(splitFeature, -1);
            var next = new List<int>();
            for (var k = 0; k < open.Count; k++)
            {
                var n = open[k];
                var (f, b, gl, hl) = BestSplit(histG, histH, k * width * stride, stride, bins, nodes.G[n], nodes.H[n], s);
                if (f < 0) continue;
                var left = nodes.Add(gl, hl);
                var right = nodes.Add(nodes.G[n] - gl, nodes.H[n] - hl);
                nodes.Split(n, f, bins.Thresholds[f][b], left, right);
                splitFeature = Grow(splitFeature, nodes.Count);
                splitBin = Grow(splitBin, nodes.Count);
                splitFeature[n] = f;
                splitBin[n] = b;
                next.Add(left);
                next.Add(right);
            }
            if (next.Count == 0) break;
            for (var i = 0; i < rows; i++)
            {
                var n = nodeOf[i];
                var f = splitFeature[n];
                if (f < 0) continue;
                nodeOf[i] = binned[i * width + f] <= splitBin[n] ? nodes.TrueChild[n] : nodes.FalseChild[n];
            }
            open = next;
        }
        return nodes.ToTree(s.Lambda, s.LearningRate);
    }

    private static (int Feature, int Bin, double GLeft, double HLeft) BestSplit(
        double[] histG, double[] histH, int offset, int stride, FeatureBins bins, double g, double h, GbdtTrainerSettings s)
    {
        var parent = g * g / (h + s.Lambda);
        var best = MinGain;
        (int, int, double, double) choice = (-1, -1, 0, 0);
        for (var f = 0; f < bins.Width; f++)
        {
            double gl = 0, hl = 0;
            var start = offset + f * stride;
            var candidates = bins.Thresholds[f].Length; // the last bin is never a split point
            for (var b = 0; b < candidates; b++)
            {
                gl += histG[start + b];
                hl += histH[start + b];
                var gr = g - gl;
                var hr = h - hl;
                if (hl < s.MinChildWeight || hr < s.MinChildWeight)
                    continue;
                var gain = gl * gl / (hl + s.Lambda) + gr * gr / (hr + s.Lambda) - parent;
                if (gain > best)
                {
                    best = gain;
                    choice = (f, b, gl, hl);
                }
            }
        }
        return choice;
    }

    private static int[] Grow(int[] array, int count)
    {
        if (array.Length >= count) return array;
        var grown = new int[count];
        Array.Fill(grown, -1);
        array.CopyTo(grown, 0);
        return grown;
    }

    /// <summary>Growing node lists; leaves get −G / (H + λ) × learning rate at the end.</summary>
    private sealed class TreeBuilder
    {
        public readonly List<double> G = [];
        public readonly List<double> H = [];
        public readonly List<int> Feature = [];
        public readonly List<float> Threshold = [];
        public readonly List<int> TrueChild = [];
        public readonly List<int> FalseChild = [];

        public int Count => G.Count;

        public int Add(double g, double h)
        {
            G.Add(g);
            H.Add(h);
            Feature.Add(-1);
            Threshold.Add(0);
            TrueChild.Add(-1);
            FalseChild.Add(-1);
            return G.Count - 1;
        }

        public void Split(int node, int feature, float threshold, int trueChild, int falseChild)
        {
            Feature[node] = feature;
            Threshold[node] = threshold;
            TrueChild[node] = trueChild;
            FalseChild[node] = falseChild;
        }

        public GbdtTree ToTree(double lambda, double learningRate)
        {
            var isLeaf = Feature.Select(f => f < 0).ToArray();
            var leafValue = new float[Count];
            for (var n = 0; n < Count; n++)
                if (isLeaf[n])
                    leafValue[n] = (float)(-G[n] / (H[n] + lambda) * learningRate);
            // Leaves keep feature 0 / threshold 0 in the flat arrays; ONNX ignores both for LEAF nodes.
            return new GbdtTree(Feature.Select(f => Math.Max(f, 0)).ToArray(), Threshold.ToArray(),
                TrueChild.ToArray(), FalseChild.ToArray(), isLeaf, leafValue);
        }
    }
}
