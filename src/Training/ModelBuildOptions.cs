using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Training;

/// <summary>
/// Inputs of <see cref="ModelBuilder.Build"/>. The defaults build the shipped <c>lepton-risk-1.0.0</c> (mlp);
/// <see cref="ForFamily"/>("gbdt") the shipped <c>lepton-risk-gbdt-1.0.0</c>.
/// </summary>
public sealed record ModelBuildOptions
{
    /// <summary>Folder that receives <c>name-version.onnx</c>, <c>name-version.card.json</c> and the markdown card.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>"mlp" (default) or "gbdt".</summary>
    public string Family { get; init; } = ModelFamily.Mlp;

    /// <summary>Seeds the synthetic data, the initial weights and the shuffles: same options → same bytes.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Synthetic rows generated, training plus held-out.</summary>
    public int Rows { get; init; } = 300_000;

    /// <summary>MLP only.</summary>
    public int HiddenSize { get; init; } = 16;

    /// <summary>MLP only.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>GBDT only: boosting rounds.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>GBDT only: deepest split level.</summary>
    public int MaxDepth { get; init; } = 4;

    /// <summary>GBDT only: shrinkage per tree.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Share of rows kept out of training for the card's metrics.</summary>
    public double HeldOutFraction { get; init; } = 0.2;

    /// <summary>Serving threshold; null picks the F1-optimal one on the training rows.</summary>
    public double? Threshold { get; init; }

    public string Name { get; init; } = "lepton-risk";
    public string Version { get; init; } = "1.0.0";

    /// <summary>Recorded in the card so a reader knows how to rebuild the model; null writes the equivalent <c>lepton train</c> command line.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Also (re)write the human-readable markdown card.</summary>
    public bool WriteMarkdown { get; init; } = true;

    /// <summary>Told the epochs (mlp) or trees (gbdt) trained so far, for the CLI's progress; never changes the model.</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>The markdown card's file name: MODEL_CARD.md for the default family, MODEL_CARD.{family}.md otherwise.</summary>
    public string MarkdownFileName => Family == ModelFamily.Mlp ? "MODEL_CARD.md" : $"MODEL_CARD.{Family}.md";

    /// <summary>Defaults of <paramref name="family"/>, including its shipped model name.</summary>
    public static ModelBuildOptions ForFamily(string family, string outputDirectory) => family switch
    {
        ModelFamily.Mlp => new ModelBuildOptions { OutputDirectory = outputDirectory },
        ModelFamily.Gbdt => new ModelBuildOptions { OutputDirectory = outputDirectory, Family = family, Name = "lepton-risk-gbdt" },
        _ => throw new ArgumentException($"unknown model family '{family}'; expected one of {string.Join(", ", ModelFamily.All)}", nameof(family)),
    };

    /// <summary>The <c>lepton train</c> command line that reproduces these options.</summary>
    public string ToCommandLine() => Family == ModelFamily.Gbdt
        ? FormattableString.Invariant(
            $"lepton train --family gbdt --out {OutputDirectory} --seed {Seed} --rows {Rows} --trees {Trees} --depth {MaxDepth} --learning-rate {LearningRate}")
        : $"lepton train --out {OutputDirectory} --seed {Seed} --rows {Rows} --hidden {HiddenSize} --epochs {Epochs}";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
            throw new ArgumentException("OutputDirectory must be set", nameof(OutputDirectory));
        if (!ModelFamily.All.Contains(Family))
            throw new ArgumentException($"unknown model family '{Family}'; expected one of {string.Join(", ", ModelFamily.All)}", nameof(Family));
        ArgumentOutOfRangeException.ThrowIfLessThan(Rows, 1_000, nameof(Rows));
        ArgumentOutOfRangeException.ThrowIfLessThan(HiddenSize, 1, nameof(HiddenSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(Trees, 1, nameof(Trees));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDepth, 12, nameof(MaxDepth));
        if (LearningRate is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be in (0, 1]");
        if (HeldOutFraction is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(HeldOutFraction), HeldOutFraction, "must be in (0, 1)");
        if (Threshold is { } t && t is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(Threshold), t, "must be in (0, 1)");
        if (string.IsNullOrWhiteSpace(Name) || string.IsNullOrWhiteSpace(Version))
            throw new ArgumentException("Name and Version must be set");
    }
}
