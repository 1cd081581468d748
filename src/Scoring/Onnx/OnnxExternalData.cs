using Lepton.Monitor.Scoring.Onnx.Proto;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Finds tensors whose bytes live outside the model file. ONNX Runtime reads such "external data" from a path the
/// model names, relative to the model file, or to the process's working directory when the model is loaded from
/// bytes: an uploaded model could make the server read its own files. Every tensor is visited: initializers, sparse
/// initializers, node attributes and the graphs nested in them (If/Loop bodies and the like).
/// </summary>
internal static class OnnxExternalData
{
    /// <summary>The name of the first tensor that references external data (may be empty), or null when there is none.</summary>
    public static string? FirstExternalTensor(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Graph is null ? null : InGraph(model.Graph, depth: 0);
    }

    /// <summary>True when the model declares functions or training info: they can carry tensors and graphs this reader does not inspect.</summary>
    public static bool HasUninspectedParts(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Functions.Count > 0 || model.TrainingInfo.Count > 0;
    }

    private const int MaxDepth = 64;

    private static string? InGraph(GraphProto graph, int depth)
    {
        if (depth > MaxDepth)
            return ""; // absurd nesting: treat as unsafe rather than recurse without bound
        foreach (var tensor in graph.Initializer)
            if (IsExternal(tensor))
                return tensor.Name;
        foreach (var sparse in graph.SparseInitializer)
            if (InSparse(sparse) is { } name)
                return name;
        foreach (var node in graph.Node)
            foreach (var attribute in node.Attribute)
                if (InAttribute(attribute, depth) is { } name)
                    return name;
        return null;
    }

    private static string? InAttribute(AttributeProto attribute, int depth)
    {
        if (attribute.T is { } t && IsExternal(t))
            return t.Name;
        foreach (var tensor in attribute.Tensors)
            if (IsExternal(tensor))
                return tensor.Name;
        if (attribute.SparseTensor is { } sparse && InSparse(sparse) is { } sparseName)
            return sparseName;
        foreach (var s in attribute.SparseTensors)
            if (InSparse(s) is { } name)
                return name;
        if (attribute.G is { } g && InGraph(g, depth + 1) is { } graphName)
            return graphName;
        foreach (var graph in attribute.Graphs)
            if (InGraph(graph, depth + 1) is { } name)
                return name;
        return null;
    }

    private static string? InSparse(SparseTensorProto sparse) =>
        sparse.Values is { } v && IsExternal(v) ? v.Name
        : sparse.Indices is { } i && IsExternal(i) ? i.Name
        : null;

    /// <summary>Any location other than DEFAULT (0) or any external_data entry: ORT would look for a file.</summary>
    private static bool IsExternal(TensorProto tensor) => tensor.DataLocation != 0 || tensor.ExternalData.Count > 0;
}
