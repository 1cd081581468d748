using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton train`: rebuilds the default risk model and its card from generated data, reproducibly.</summary>
public sealed class TrainVerb : IVerb
{
    public string Name => "train";
    public string Summary => "train the default risk model on generated data and write .onnx + model card";
    public string Usage => """
        usage: lepton train [--out DIR] [--seed N] [--rows N] [--hidden N] [--epochs N]

        Trains the MLP risk model deterministically (same seed → same bytes) and writes
        lepton-risk-<version>.onnx and lepton-risk-<version>.card.json with held-out metrics into DIR (default ./onnx).
        """;

    public Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args, "out", "seed", "rows", "hidden", "epochs");
        var defaults = new ModelBuildOptions { OutputDirectory = a.String("out", "onnx")! };
        var options = defaults with
        {
            Seed = a.Int("seed", defaults.Seed),
            Rows = a.Int("rows", defaults.Rows),
            HiddenSize = a.Int("hidden", defaults.HiddenSize),
            Epochs = a.Int("epochs", defaults.Epochs),
        };
        var report = ModelBuilder.Build(options);
        Console.WriteLine(report);
        return Task.FromResult(0);
    }
}
