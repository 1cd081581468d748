using System.Diagnostics;
using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Training;

/// <summary>
/// Builds the risk model end to end without Python: synthetic labelled data → features → deterministic MLP
/// training → ONNX file → verification in ONNX Runtime → held-out metrics → model card (+ MODEL_CARD.md).
/// Exposed as the verb <c>lepton-dev train --out onnx</c> (<c>lepton train</c> forwards to it); not part of the product
/// executable, which only serves the models it writes.
/// </summary>
public static class ModelBuilder
{
    /// <summary>Largest |ORT score − reference forward pass| accepted before the written file is rejected.</summary>
    private const double ExportTolerance = 1e-4;

    public static ModelBuildReport Build(ModelBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        const int width = FeatureExtractor.FeatureCount;

        // 1. Data: features through the same extractor serving uses.
        var data = TrainingSet.Generate(options.Seed, options.Rows);
        var rows = data.Rows;
        var x = data.X;
        var y = data.Y;
        var latent = data.Latent;

        // 2. Split: the generator is i.i.d., so the last rows are an unbiased held-out set.
        var trainRows = (int)Math.Round(rows * (1 - options.HeldOutFraction));
        var heldOutRows = rows - trainRows;
        var trainX = x.AsSpan(0, trainRows * width);
        var trainY = y.AsSpan(0, trainRows);

        // 3. Train the family asked for; the result knows its ONNX graph and its reference prediction.
        Directory.CreateDirectory(options.OutputDirectory);
        var modelId = $"{options.Name}-{options.Version}";
        var onnxPath = Path.GetFullPath(Path.Combine(options.OutputDirectory, modelId + ".onnx"));
        var cardPath = ModelCard.PathFor(onnxPath);
        var tempOnnx = onnxPath + ".tmp";
        var description = new OnnxModelDescription(options.Name, options.Version, ModelTensorNames.Input, ModelTensorNames.Output, FeatureExtractor.FeatureNames,
            $"Lepton Monitor transaction risk model {modelId}: P(risky) from {width} features, see {Path.GetFileName(cardPath)}.");
        var trained = options.Family switch
        {
            ModelFamily.Gbdt => TrainGbdt(trainX, trainY, options, description),
            _ => TrainMlp(trainX, trainY, options, description),
        };

        // 4. Write the ONNX file next to its final name, then check ORT computes what the trainer learned.
        OnnxGraphParts.Write(trained.Graph, tempOnnx);

        var trainScores = new float[trainRows];
        var heldOutScores = new float[heldOutRows];
        using (var runner = new RawOnnxRunner(tempOnnx, new ScoringOptions { Device = ScoringDevice.Cpu }))
        {
            runner.Run(x, trainRows, trainScores);
            runner.Run(x[(trainRows * width)..], heldOutRows, heldOutScores);
        }
        var maxDifference = 0.0;
        for (var r = 0; r < heldOutRows; r++)
        {
            var reference = trained.Predict(x.AsSpan((trainRows + r) * width, width));
            maxDifference = Math.Max(maxDifference, Math.Abs(reference - heldOutScores[r]));
        }
        if (maxDifference > ExportTolerance)
        {
            File.Delete(tempOnnx);
            throw new InvalidOperationException($"exported ONNX disagrees with the trained model by {maxDifference:G3} (> {ExportTolerance})");
        }

        // 5. Threshold from training rows only, metrics from held-out rows only.
        var threshold = options.Threshold ?? BinaryClassificationMetrics.BestF1Threshold(trainScores, trainY);
        var heldOut = BinaryClassificationMetrics.Compute(heldOutScores, y.AsSpan(trainRows), threshold);

        var positives = 0;
        foreach (var label in y) if (label) positives++;

        var card = new ModelCard
        {
            Name = options.Name,
            Version = options.Version,
            Family = options.Family,
            Input = ModelTensorNames.Input,
            Output = ModelTensorNames.Output,
            Features = FeatureExtractor.FeatureNames.ToArray(),
            Threshold = threshold,
            Training = new ModelCardTraining
            {
                Generator = SyntheticTransactionGenerator.Name,
                Seed = options.Seed,
                Rows = rows,
                Positives = positives,
                TrainRows = trainRows,
                HiddenSize = trained.Training.HiddenSize,
                Epochs = trained.Training.Epochs,
                Trees = trained.Training.Trees,
                MaxDepth = trained.Training.MaxDepth,
                LearningRate = trained.Training.LearningRate,
                Optimizer = trained.Training.Optimizer,
                ThresholdRule = options.Threshold is null ? "F1-optimal on the training rows (step 0.01)" : "fixed by the build options",
                Description =
                    "Synthetic transactions from a seeded generator (channels, amounts, countries, times, account ages, memos, " +
                    "missing originator data). Labels are drawn from a hidden risk function of the transaction plus noise " +
                    "(structuring just under 10,000 USD, high-risk countries, crypto, cross-border wires, new accounts, night " +
                    "activity, missing travel-rule data, round and large amounts). No real customer data.",
            },
            Metrics = new ModelCardMetrics
            {
                Precision = Round(heldOut.Precision),
                Recall = Round(heldOut.Recall),
                F1 = Round(heldOut.F1),
                RocAuc = Round(heldOut.RocAuc),
                ReferenceRocAuc = Round(BinaryClassificationMetrics.RocAucOf(latent.AsSpan(trainRows), y.AsSpan(trainRows))),
                HeldOutRows = heldOutRows,
                HeldOutPositives = heldOut.Positives,
                TruePositives = heldOut.TruePositives,
                FalsePositives = heldOut.FalsePositives,
                FalseNegatives = heldOut.FalseNegatives,
            },
            Baseline = BuildBaseline(x, trainRows, width, heldOutScores, threshold),
            CreatedBy = options.CreatedBy ?? options.ToCommandLine(),
            IrVersion = MlpOnnxWriter.IrVersion,
            Opset = MlpOnnxWriter.Opset,
            MlOpset = trained.MlOpset,
        };

        card.Save(cardPath);
        File.Move(tempOnnx, onnxPath, overwrite: true);
        string? markdownPath = null;
        if (options.WriteMarkdown)
        {
            markdownPath = Path.Combine(Path.GetDirectoryName(onnxPath)!, options.MarkdownFileName);
            File.WriteAllText(markdownPath, ModelCardMarkdown.Render(card));
        }

        return new ModelBuildReport(onnxPath, cardPath, markdownPath, card, clock.Elapsed, maxDifference);
    }

    private static TrainedModel TrainMlp(ReadOnlySpan<float> trainX, ReadOnlySpan<bool> trainY, ModelBuildOptions options, OnnxModelDescription description)
    {
        const int width = FeatureExtractor.FeatureCount;
        // Trained on standardised inputs; the weights come back with standardisation folded in.
        var standardizer = FeatureStandardizer.Fit(trainX, width);
        var settings = new MlpTrainerSettings(Hidden: options.HiddenSize, Epochs: options.Epochs, Seed: options.Seed);
        var weights = MlpTrainer.Train(trainX, trainY, width, standardizer, settings, options.Progress);
        var training = new TrainedModelTraining(
            $"Adam (batch {settings.BatchSize}, lr {settings.LearningRate} cosine-decayed, L2 {settings.L2}), binary cross-entropy",
            HiddenSize: options.HiddenSize, Epochs: options.Epochs);
        return new TrainedModel(MlpOnnxWriter.Build(weights, description), weights.Predict, training, MlOpset: 0);
    }

    private static TrainedModel TrainGbdt(ReadOnlySpan<float> trainX, ReadOnlySpan<bool> trainY, ModelBuildOptions options, OnnxModelDescription description)
    {
        const int width = FeatureExtractor.FeatureCount;
        // Trees split on raw features: thresholds are monotone in each feature, so standardising buys nothing.
        var settings = new GbdtTrainerSettings(Trees: options.Trees, MaxDepth: options.MaxDepth, LearningRate: options.LearningRate);
        var ensemble = GbdtTrainer.Train(trainX, trainY, width, settings, options.Progress);
        var training = new TrainedModelTraining(
            $"gradient boosting, logistic loss, Newton leaves (L2 lambda {settings.Lambda}, min child hessian {settings.MinChildWeight}), " +
            $"histogram splits ({settings.MaxBins} quantile bins per feature), raw features",
            Trees: options.Trees, MaxDepth: options.MaxDepth, LearningRate: options.LearningRate);
        return new TrainedModel(GbdtOnnxWriter.Build(ensemble, description), ensemble.Predict, training, GbdtOnnxWriter.MlOpset);
    }

    private delegate double Predictor(ReadOnlySpan<float> features);

    /// <summary>A trained model of either family: its ONNX graph, the reference it is checked against, and what the card says about training.</summary>
    private sealed record TrainedModel(Scoring.Onnx.Proto.ModelProto Graph, Predictor Predict, TrainedModelTraining Training, long MlOpset);

    private sealed record TrainedModelTraining(string Optimizer, int HiddenSize = 0, int Epochs = 0, int Trees = 0, int MaxDepth = 0, double LearningRate = 0);

    private static ModelCardBaseline BuildBaseline(float[] x, int trainRows, int width, float[] heldOutScores, double threshold)
    {
        var features = new FeatureBaseline[width];
        var column = new float[trainRows];
        for (var f = 0; f < width; f++)
        {
            for (var r = 0; r < trainRows; r++) column[r] = x[r * width + f];
            var (mean, std) = Quantiles.MeanStd(column);
            features[f] = new FeatureBaseline
            {
                Name = FeatureExtractor.FeatureNames[f],
                Mean = Round6(mean),
                Std = Round6(std),
                Min = Round6(column.Min()),
                Max = Round6(column.Max()),
                Quantiles = Quantiles.Of(column, Quantiles.Levels).Select(Round6).ToArray(),
            };
        }

        var (scoreMean, scoreStd) = Quantiles.MeanStd(heldOutScores);
        var hits = 0;
        foreach (var s in heldOutScores) if (s >= threshold) hits++;
        return new ModelCardBaseline
        {
            QuantileLevels = Quantiles.Levels,
            Features = features,
            Score = new ScoreBaseline
            {
                Mean = Round6(scoreMean),
                Std = Round6(scoreStd),
                Quantiles = Quantiles.Of(heldOutScores, Quantiles.Levels).Select(Round6).ToArray(),
                AlertRate = Round6((double)hits / heldOutScores.Length),
            },
        };
    }

    private static double Round(double value) => Math.Round(value, 4);

    // Six decimals keep the card readable and diff-friendly; far finer than any drift bin.
    private static double Round6(double value) => Math.Round(value, 6);
}
