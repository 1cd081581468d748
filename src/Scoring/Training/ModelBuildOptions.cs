namespace Lepton.Monitor.Scoring;

/// <summary>Inputs of <see cref="ModelBuilder.Build"/>. The defaults build the shipped <c>lepton-risk-1.0.0</c>.</summary>
public sealed record ModelBuildOptions
{
    /// <summary>Folder that receives <c>name-version.onnx</c>, <c>name-version.card.json</c> and <c>MODEL_CARD.md</c>.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Seeds the synthetic data, the initial weights and the shuffles: same options → same bytes.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Synthetic rows generated, training plus held-out.</summary>
    public int Rows { get; init; } = 300_000;

    public int HiddenSize { get; init; } = 16;
    public int Epochs { get; init; } = 20;

    /// <summary>Share of rows kept out of training for the card's metrics.</summary>
    public double HeldOutFraction { get; init; } = 0.2;

    /// <summary>Serving threshold; null picks the F1-optimal one on the training rows.</summary>
    public double? Threshold { get; init; }

    public string Name { get; init; } = "lepton-risk";
    public string Version { get; init; } = "1.0.0";

    /// <summary>Recorded in the card so a reader knows how to rebuild the model; null writes the equivalent <c>lepton train</c> command line.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>The <c>lepton train</c> command line that reproduces these options.</summary>
    public string ToCommandLine() =>
        $"lepton train --out {OutputDirectory} --seed {Seed} --rows {Rows} --hidden {HiddenSize} --epochs {Epochs}";

    /// <summary>Also (re)write the human-readable MODEL_CARD.md.</summary>
    public bool WriteMarkdown { get; init; } = true;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
            throw new ArgumentException("OutputDirectory must be set", nameof(OutputDirectory));
        ArgumentOutOfRangeException.ThrowIfLessThan(Rows, 1_000, nameof(Rows));
        ArgumentOutOfRangeException.ThrowIfLessThan(HiddenSize, 1, nameof(HiddenSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        if (HeldOutFraction is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(HeldOutFraction), HeldOutFraction, "must be in (0, 1)");
        if (Threshold is { } t && t is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(Threshold), t, "must be in (0, 1)");
        if (string.IsNullOrWhiteSpace(Name) || string.IsNullOrWhiteSpace(Version))
            throw new ArgumentException("Name and Version must be set");
    }
}
