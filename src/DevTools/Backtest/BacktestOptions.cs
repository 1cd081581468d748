namespace Lepton.Monitor.DevTools.Backtest;

/// <summary>What <see cref="BacktestRunner"/> replays and where its answers go.</summary>
public sealed record BacktestOptions
{
    /// <summary>NDJSON records (schema v1), e.g. from <c>lepton generate</c>.</summary>
    public required string InputPath { get; init; }

    /// <summary>The generator's truth file (<c>{"index","id","planted":[...],"invalid"}</c> per line); enables precision and recall.</summary>
    public string? TruthPath { get; init; }

    /// <summary>Where to write one alert candidate per line (NDJSON, <c>--candidates</c>); none when null.</summary>
    public string? ReportPath { get; init; }

    /// <summary>Keep each scored record's model score (for the HTML report's histogram and precision-recall curve).</summary>
    public bool KeepModelScores { get; init; }

    /// <summary>Score records with the ONNX model so <c>model-score</c> rules run too.</summary>
    public bool UseModel { get; init; } = true;

    /// <summary>The ONNX model; the default shipped next to the executable when null.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Jurisdictions enabled for every tenant of the file; all shipped packs when null.</summary>
    public IReadOnlyList<string>? Jurisdictions { get; init; }

    /// <summary>Records parsed and evaluated per round, as a grain would see them in batches.</summary>
    public int BatchSize { get; init; } = 10_000;
}
