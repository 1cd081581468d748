using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Lepton.Monitor.Scoring.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Decides whether an uploaded model (.onnx bytes + card JSON) may be served by this build, without changing
/// anything: it parses both, checks the card against <see cref="FeatureExtractor"/>, the graph's ops against an
/// allow-list, its metadata against the card, loads it in ONNX Runtime (CPU), checks the [N, 19] → [N, 1] float
/// contract, and probes it with real feature rows (every score must be a number in [0, 1]). The first failure is
/// returned as a sentence an operator can act on. Thread-safe (stateless apart from the probe rows).
/// </summary>
public sealed partial class ModelValidator
{
    /// <summary>Ops the shipped families use plus close relatives; anything else (custom domains, control flow, I/O ops) is refused.</summary>
    private static readonly Dictionary<string, HashSet<string>> AllowedOps = new(StringComparer.Ordinal)
    {
        [""] = ["Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "LeakyRelu", "Tanh", "Sigmoid", "Clip", "Identity", "Reshape", "Flatten", "Concat"],
        ["ai.onnx.ml"] = ["TreeEnsembleRegressor", "TreeEnsemble"],
    };

    private const int ProbeRecords = 64;

    private readonly float[] _probeRows;

    public ModelValidator()
    {
        // Generated records (seeded, so a verdict is reproducible) through the serving feature path.
        var extractor = new FeatureExtractor(FixedRateCurrencyConverter.Default);
        _probeRows = new float[ProbeRecords * FeatureExtractor.FeatureCount];
        var i = 0;
        foreach (var labelled in new SyntheticTransactionGenerator(seed: 20261123).Generate(ProbeRecords))
            extractor.Extract(labelled.Record, _probeRows.AsSpan(i++ * FeatureExtractor.FeatureCount, FeatureExtractor.FeatureCount));
    }

    public ModelValidation Validate(byte[] onnx, byte[] cardJson)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(cardJson);

        if (onnx.Length == 0)
            return ModelValidation.Invalid("the model file is empty.");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (InvalidProtocolBufferException e)
        {
            return ModelValidation.Invalid($"the model file is not ONNX (protobuf does not parse: {e.Message}).");
        }
        if (model.IrVersion <= 0 || model.Graph is null || model.Graph.Node.Count == 0 || model.OpsetImport.Count == 0)
            return ModelValidation.Invalid("the model file is not ONNX (no IR version, opset import or graph nodes).");
        // Before ONNX Runtime sees the bytes: external data would make it read files on this server.
        if (OnnxExternalData.FirstExternalTensor(model) is { } external)
            return ModelValidation.Invalid($"tensor '{external}' stores its data outside the model file (external data); "
                + "a model must carry every tensor inline. Re-export it without external data.");
        if (OnnxExternalData.HasUninspectedParts(model))
            return ModelValidation.Invalid("the model declares ONNX functions or training info; a scoring model is a plain inference graph.");

        ModelCard card;
        try
        {
            card = ModelCard.Parse(cardJson);
        }
        catch (JsonException e)
        {
            return ModelValidation.Invalid($"the card is not valid model-card JSON: {e.Message}");
        }

        var problem = CheckCard(card) ?? CheckDeclaredShapes(model) ?? CheckOps(model) ?? CheckMetadata(model, card);
        if (problem is not null)
            return ModelValidation.Invalid(problem);

        problem = LoadAndProbe(onnx, card);
        return problem is null ? ModelValidation.Valid(card) : ModelValidation.Invalid(problem);
    }

    /// <summary>Letters, digits, dot, dash, underscore; no leading dot: safe as part of a file name.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SafeName();

    private static string? CheckCard(ModelCard card)
    {
        // JSON null satisfies "required"; catch it here rather than as a NullReferenceException later.
        if (card.Name is null || card.Version is null || card.Family is null || card.Input is null || card.Output is null
            || card.Features is null || card.Baseline?.Features is null || card.Metrics is null || card.Training is null)
            return "the card is missing one of name, version, family, input, output, features, baseline, metrics, training.";
        if (!SafeName().IsMatch(card.Name) || !SafeName().IsMatch(card.Version))
            return $"card name '{card.Name}' and version '{card.Version}' must be 1–100 letters, digits, '.', '-' or '_' (they name the stored files).";
        if (string.IsNullOrWhiteSpace(card.Family))
            return "card family is empty.";
        if (!card.Features.SequenceEqual(FeatureExtractor.FeatureNames))
            return $"card features [{string.Join(", ", card.Features)}] differ from this build's features [{string.Join(", ", FeatureExtractor.FeatureNames)}] (same names, same order required).";
        if (card.Threshold is <= 0 or >= 1 || double.IsNaN(card.Threshold))
            return $"card threshold {card.Threshold} is not in (0, 1).";
        if (card.Baseline.Features.Count != FeatureExtractor.FeatureCount)
            return $"card baseline must describe all {FeatureExtractor.FeatureCount} features (explanations and drift use it).";
        return null;
    }

    /// <summary>The graph as declared must be float [N, 19] → float [N, 1]: ORT may infer over a wrong declaration and load it anyway.</summary>
    private static string? CheckDeclaredShapes(ModelProto model)
    {
        var initializers = model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = model.Graph.Input.Where(i => !initializers.Contains(i.Name)).ToArray();
        if (inputs.Length != 1)
            return $"the model has {inputs.Length} inputs; a scoring model has exactly one float32 [N, {FeatureExtractor.FeatureCount}] input.";
        if (model.Graph.Output.Count != 1)
            return $"the model has {model.Graph.Output.Count} outputs; a scoring model has exactly one float32 [N, 1] output.";
        return CheckMatrix(inputs[0], "input", FeatureExtractor.FeatureCount) ?? CheckMatrix(model.Graph.Output[0], "output", 1);
    }

    private static string? CheckMatrix(ValueInfoProto value, string what, long width)
    {
        var tensor = value.Type?.TensorType;
        var dims = tensor?.Shape?.Dim;
        var ok = tensor is not null && tensor.ElemType == (int)TensorProto.Types.DataType.Float && dims is { Count: 2 }
            && dims[0].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && dims[1].DimValue == width;
        if (ok)
            return null;
        var shape = dims is null ? "unknown" : string.Join(", ", dims.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue.ToString() : "N"));
        return $"the model's {what} '{value.Name}' is declared as element type {tensor?.ElemType} [{shape}]; expected float32 [N, {width}] with a dynamic N.";
    }

    private static string? CheckOps(ModelProto model)
    {
        foreach (var opset in model.OpsetImport)
            if (!AllowedOps.ContainsKey(Domain(opset.Domain)))
                return $"unsupported operator domain '{opset.Domain}' (allowed: default ONNX, ai.onnx.ml).";
        foreach (var node in model.Graph.Node)
        {
            var domain = Domain(node.Domain);
            if (!AllowedOps.TryGetValue(domain, out var ops) || !ops.Contains(node.OpType))
                return $"unsupported op '{(domain.Length == 0 ? "" : domain + ".")}{node.OpType}' (node '{node.Name}'); allowed: " +
                    string.Join(", ", AllowedOps.SelectMany(d => d.Value.Select(op => d.Key.Length == 0 ? op : $"{d.Key}.{op}"))) + ".";
        }
        return null;
    }

    private static string Domain(string domain) => domain == "ai.onnx" ? "" : domain;

    private static string? CheckMetadata(ModelProto model, ModelCard card)
    {
        var metadata = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (!metadata.TryGetValue("version", out var version))
            return $"model metadata has no 'version' entry; it must equal the card's version {card.Version}.";
        if (version != card.Version)
            return $"model metadata says version {version} but the card says {card.Version}.";
        if (metadata.TryGetValue("name", out var name) && name != card.Name)
            return $"model metadata says name {name} but the card says {card.Name}.";
        return null;
    }

    private string? LoadAndProbe(byte[] onnx, ModelCard card)
    {
        OnnxRuntimeEnvironment.EnsureInitialized(); // telemetry off before ONNX Runtime's first environment exists
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        InferenceSession session;
        try
        {
            session = new InferenceSession(onnx, options);
        }
        catch (OnnxRuntimeException)
        {
            // ORT's message can name server paths or quote tensor contents: it is logged nowhere the uploader can read.
            return "ONNX Runtime cannot load the model (the graph is malformed or uses features this build does not support).";
        }

        using (session)
        {
            string input, output;
            try
            {
                (input, _) = RawOnnxRunner.CheckSingleFloatMatrix("upload", session.InputMetadata, "input", FeatureExtractor.FeatureCount);
                (output, _) = RawOnnxRunner.CheckSingleFloatMatrix("upload", session.OutputMetadata, "output", expectedWidth: 1);
            }
            catch (ModelLoadException e)
            {
                return e.Message.Replace("'upload' ", "the model's ", StringComparison.Ordinal);
            }
            if (input != card.Input || output != card.Output)
                return $"the model's input/output are '{input}' / '{output}' but the card names '{card.Input}' / '{card.Output}'.";

            // Row 0: the card's baseline means (what explanations substitute); then real feature rows.
            const int width = FeatureExtractor.FeatureCount;
            var rows = ProbeRecords + 1;
            var features = new float[rows * width];
            for (var f = 0; f < width; f++)
                features[f] = (float)card.Baseline.Features[f].Mean;
            _probeRows.CopyTo(features.AsSpan(width));
            var scores = new float[rows];
            try
            {
                using var inputValue = OrtValue.CreateTensorValueFromMemory(features, [rows, width]);
                using var outputValue = OrtValue.CreateTensorValueFromMemory(scores, [rows, 1]);
                using var runOptions = new RunOptions();
                session.Run(runOptions, [input], [inputValue], [output], [outputValue]);
            }
            catch (OnnxRuntimeException)
            {
                // Not ORT's message: it can quote values the graph computed (e.g. a shape read from the data) or server paths.
                return $"probe run failed: ONNX Runtime could not run the model on float32 [N, {FeatureExtractor.FeatureCount}] feature rows.";
            }
            for (var r = 0; r < rows; r++)
            {
                var s = scores[r];
                // The score itself is not quoted: it is a value the model computed, a channel out of the server.
                if (float.IsNaN(s) || float.IsInfinity(s))
                    return $"probe run produced a score that is NaN or infinite for probe row {r}; scores must be numbers in [0, 1].";
                if (s is < 0 or > 1)
                    return $"probe run produced a score outside [0, 1] for probe row {r}; the output must be a probability.";
            }
        }
        return null;
    }
}
