using System.CommandLine;
using Lepton.Monitor.Scoring;
using Lepton.Monitor.Training;
using Lepton.Monitor.Silo.Cli;
using Lepton.Monitor.Silo.Cli.Output;
using Lepton.Monitor.Silo.Cli.Progress;

namespace Lepton.Monitor.DevTools.Cli;

/// <summary>`lepton train`: rebuilds a shipped risk model (mlp or gbdt) and its card from generated data, reproducibly.</summary>
public sealed class TrainVerb : Verb
{
    private readonly Option<string> _family = new Option<string>("--family") { Description = "the model family", HelpName = "mlp|gbdt", DefaultValueFactory = _ => ModelFamily.Mlp }
        .OneOf(ModelFamily.Mlp, ModelFamily.Gbdt);
    private readonly Option<string> _out = new("--out") { Description = "folder of the .onnx and card files", HelpName = "DIR", DefaultValueFactory = _ => "onnx" };
    private readonly Option<int?> _seed = new("--seed") { Description = "seeds the data, the initial weights and the shuffles (default 42)", HelpName = "N" };
    private readonly Option<int?> _rows = new Option<int?>("--rows") { Description = "generated rows (default 300,000)", HelpName = "N" }.AtLeast(100);
    private readonly Option<int?> _hidden = new Option<int?>("--hidden") { Description = "mlp: hidden units (default 16)", HelpName = "N" }.AtLeast(1);
    private readonly Option<int?> _epochs = new Option<int?>("--epochs") { Description = "mlp: epochs (default 20)", HelpName = "N" }.AtLeast(1);
    private readonly Option<int?> _trees = new Option<int?>("--trees") { Description = "gbdt: trees (default 100)", HelpName = "N" }.AtLeast(1);
    private readonly Option<int?> _depth = new Option<int?>("--depth") { Description = "gbdt: maximum depth (default 4)", HelpName = "N" }.Between(1, 16);
    private readonly Option<double?> _learningRate = new Option<double?>("--learning-rate") { Description = "gbdt: learning rate (default 0.1)", HelpName = "X" }.Between(1e-6, 1.0);
    private readonly Option<OutputFormat> _output = CommonOptions.Output();
    private readonly Option<bool> _quiet = CommonOptions.Quiet();

    public override string Name => "train";
    public override string Summary => "train a risk model (mlp or gbdt) on generated data and write .onnx + model card";

    public override string Details => """
        Trains the risk model deterministically (same options → same bytes) and writes <name>-<version>.onnx and
        <name>-<version>.card.json with held-out metrics into DIR (default ./onnx). mlp (default): lepton-risk-1.0.0,
        MODEL_CARD.md. gbdt: lepton-risk-gbdt-1.0.0 (100 trees of depth 4, learning rate 0.1), MODEL_CARD.gbdt.md.
        Prints a summary, or with --output json one document (docs/cli.md).
        """;

    protected override void Define(Command command)
    {
        foreach (var option in new Option[] { _family, _out, _seed, _rows, _hidden, _epochs, _trees, _depth, _learningRate, _output, _quiet })
            command.Options.Add(option);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var defaults = ModelBuildOptions.ForFamily(parse.GetValue(_family)!, parse.GetValue(_out)!);
        var options = defaults with
        {
            Seed = parse.GetValue(_seed) ?? defaults.Seed,
            Rows = parse.GetValue(_rows) ?? defaults.Rows,
            HiddenSize = parse.GetValue(_hidden) ?? defaults.HiddenSize,
            Epochs = parse.GetValue(_epochs) ?? defaults.Epochs,
            Trees = parse.GetValue(_trees) ?? defaults.Trees,
            MaxDepth = parse.GetValue(_depth) ?? defaults.MaxDepth,
            LearningRate = parse.GetValue(_learningRate) ?? defaults.LearningRate,
        };
        var gbdt = options.Family == ModelFamily.Gbdt;
        ModelBuildReport report;
        using (var phase = ConsoleProgress.Create(parse.GetValue(_quiet)).Begin($"train {options.Family}", gbdt ? options.Trees : options.Epochs, gbdt ? "trees" : "epochs"))
            report = ModelBuilder.Build(options with { Progress = phase });
        if (parse.GetValue(_output) == OutputFormat.Json)
            JsonOutput.Write(Console.Out, TrainDocument.From(report));
        else
            Console.WriteLine(report);
        return Task.FromResult(ExitCodes.Ok);
    }
}
