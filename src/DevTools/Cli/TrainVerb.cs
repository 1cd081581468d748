using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton train`: rebuilds a shipped risk model (mlp or gbdt) and its card from generated data, reproducibly.</summary>
public sealed class TrainVerb : IVerb
{
    public string Name => "train";
    public string Summary => "train a risk model (mlp or gbdt) on generated data and write .onnx + model card";
    public string Usage => """
        usage: lepton train [--family mlp|gbdt] [--out DIR] [--seed N] [--rows N]
                            [--hidden N] [--epochs N]                       (mlp)
                            [--trees N] [--depth N] [--learning-rate X]     (gbdt)

        Trains the risk model deterministically (same options → same bytes) and writes <name>-<version>.onnx and
        <name>-<version>.card.json with held-out metrics into DIR (default ./onnx). mlp (default): lepton-risk-1.0.0,
        MODEL_CARD.md. gbdt: lepton-risk-gbdt-1.0.0 (100 trees of depth 4, learning rate 0.1), MODEL_CARD.gbdt.md.
        """;

    public Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args, "family", "out", "seed", "rows", "hidden", "epochs", "trees", "depth", "learning-rate");
        var defaults = ModelBuildOptions.ForFamily(a.String("family", ModelBuilder.MlpFamily)!, a.String("out", "onnx")!);
        var options = defaults with
        {
            Seed = a.Int("seed", defaults.Seed),
            Rows = a.Int("rows", defaults.Rows),
            HiddenSize = a.Int("hidden", defaults.HiddenSize),
            Epochs = a.Int("epochs", defaults.Epochs),
            Trees = a.Int("trees", defaults.Trees),
            MaxDepth = a.Int("depth", defaults.MaxDepth),
            LearningRate = a.Double("learning-rate", defaults.LearningRate),
        };
        var report = ModelBuilder.Build(options);
        Console.WriteLine(report);
        return Task.FromResult(0);
    }
}
