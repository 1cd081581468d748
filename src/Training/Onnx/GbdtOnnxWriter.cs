using Lepton.Monitor.Scoring;
using Lepton.Monitor.Scoring.Onnx.Proto;
using static Lepton.Monitor.Scoring.OnnxGraphParts;

namespace Lepton.Monitor.Training;

/// <summary>
/// Writes a <see cref="GbdtEnsemble"/> as an ONNX model without Python:
/// <c>features</c> float32 [N, F] → <c>ai.onnx.ml.TreeEnsembleRegressor</c> (raw margin, base value included) →
/// Sigmoid → <c>score</c> float32 [N, 1]. Same input/output contract as the MLP, so the service serves either.
/// </summary>
internal static class GbdtOnnxWriter
{
    public const string MlDomain = "ai.onnx.ml";

    /// <summary>ai.onnx.ml opset 3: TreeEnsembleRegressor-3, which ORT 1.31 implements (opset 5 replaces it with TreeEnsemble).</summary>
    public const long MlOpset = 3;

    public static ModelProto Build(GbdtEnsemble ensemble, OnnxModelDescription description)
    {
        if (description.FeatureNames.Count != ensemble.Inputs)
            throw new ArgumentException($"{description.FeatureNames.Count} feature names for {ensemble.Inputs} inputs");

        var graph = new GraphProto { Name = description.Name, DocString = description.DocString };
        graph.Input.Add(FloatMatrix(description.InputName, ensemble.Inputs));
        graph.Output.Add(FloatMatrix(description.OutputName, 1));

        var treeIds = new List<long>();
        var nodeIds = new List<long>();
        var featureIds = new List<long>();
        var values = new List<float>();
        var modes = new List<string>();
        var trueIds = new List<long>();
        var falseIds = new List<long>();
        var targetTreeIds = new List<long>();
        var targetNodeIds = new List<long>();
        var targetWeights = new List<float>();
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            for (var n = 0; n < tree.NodeCount; n++)
            {
                var leaf = tree.IsLeaf[n];
                treeIds.Add(t);
                nodeIds.Add(n);
                featureIds.Add(leaf ? 0 : tree.Feature[n]);
                values.Add(leaf ? 0 : tree.Threshold[n]);
                modes.Add(leaf ? "LEAF" : "BRANCH_LEQ");
                trueIds.Add(leaf ? 0 : tree.TrueChild[n]);
                falseIds.Add(leaf ? 0 : tree.FalseChild[n]);
                if (!leaf) continue;
                targetTreeIds.Add(t);
                targetNodeIds.Add(n);
                targetWeights.Add(tree.LeafValue[n]);
            }
        }

        var trees = Node("margin_trees", "TreeEnsembleRegressor", [description.InputName], ["margin"], MlDomain);
        trees.Attribute.Add(String("aggregate_function", "SUM"));
        trees.Attribute.Add(Floats("base_values", [ensemble.BaseMargin]));
        trees.Attribute.Add(Int("n_targets", 1));
        trees.Attribute.Add(Ints("nodes_falsenodeids", falseIds));
        trees.Attribute.Add(Ints("nodes_featureids", featureIds));
        trees.Attribute.Add(Strings("nodes_modes", modes));
        trees.Attribute.Add(Ints("nodes_nodeids", nodeIds));
        trees.Attribute.Add(Ints("nodes_treeids", treeIds));
        trees.Attribute.Add(Ints("nodes_truenodeids", trueIds));
        trees.Attribute.Add(Floats("nodes_values", values));
        trees.Attribute.Add(String("post_transform", "NONE"));
        trees.Attribute.Add(Ints("target_ids", targetTreeIds.Select(_ => 0L)));
        trees.Attribute.Add(Ints("target_nodeids", targetNodeIds));
        trees.Attribute.Add(Ints("target_treeids", targetTreeIds));
        trees.Attribute.Add(Floats("target_weights", targetWeights));
        graph.Node.Add(trees);
        graph.Node.Add(Node("output_sigmoid", "Sigmoid", ["margin"], [description.OutputName]));

        return Model(graph, description, new OperatorSetIdProto { Domain = MlDomain, Version = MlOpset });
    }

    public static void Write(GbdtEnsemble ensemble, OnnxModelDescription description, string path) =>
        OnnxGraphParts.Write(Build(ensemble, description), path);
}
