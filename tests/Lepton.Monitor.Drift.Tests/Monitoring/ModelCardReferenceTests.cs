using System.Text.Json;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Summaries;

namespace Lepton.Monitor.Drift.Tests.Monitoring;

/// <summary>The shipped model card's baseline, read as the grain will read it (arrays only: this library knows no Scoring types).</summary>
public class ModelCardReferenceTests
{
    private static DriftReferenceSet FromShippedCard()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "onnx", "lepton-risk-1.0.0.card.json")))
            dir = dir.Parent;
        Assert.NotNull(dir);
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "onnx", "lepton-risk-1.0.0.card.json")));
        var baseline = card.RootElement.GetProperty("baseline");
        var levels = baseline.GetProperty("quantileLevels").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var rows = card.RootElement.GetProperty("training").GetProperty("trainRows").GetDouble();
        var features = baseline.GetProperty("features").EnumerateArray().Select(f => new FeatureReference(
            f.GetProperty("name").GetString()!,
            ReferenceDistribution.FromQuantiles(levels, f.GetProperty("quantiles").EnumerateArray().Select(x => x.GetDouble()).ToArray(),
                f.GetProperty("mean").GetDouble(), f.GetProperty("std").GetDouble(), f.GetProperty("min").GetDouble(), f.GetProperty("max").GetDouble(), rows))).ToList();
        var score = baseline.GetProperty("score");
        return new DriftReferenceSet(features, ReferenceDistribution.FromQuantiles(levels,
            score.GetProperty("quantiles").EnumerateArray().Select(x => x.GetDouble()).ToArray(), score.GetProperty("mean").GetDouble(),
            score.GetProperty("std").GetDouble(), 0, 1, rows));
    }

    [Fact]
    public void Flags_are_categorical_and_memory_is_small()
    {
        var set = FromShippedCard();
        Assert.Equal(19, set.Features.Count);
        Assert.Equal(15, set.Features.Count(f => f.Reference.IsDiscrete)); // all but amount, hourSin, hourCos and account age
        var monitor = new DriftMonitor(set);
        Assert.True(monitor.SummaryMemoryBytes < 4_096, $"{monitor.SummaryMemoryBytes} B");
    }

    [Fact]
    public void Windows_drawn_from_the_card_itself_are_clean()
    {
        var set = FromShippedCard();
        var monitor = new DriftMonitor(set, new DriftMonitorOptions { CheckEveryRecords = 10_000 });
        var rng = new Random(99);
        var width = set.Features.Count;
        var rows = new float[10_000 * width];
        var scores = new double[10_000];
        for (var w = 0; w < 3; w++)
        {
            for (var r = 0; r < scores.Length; r++)
            {
                for (var f = 0; f < width; f++)
                    rows[r * width + f] = (float)set.Features[f].Reference.Quantile(rng.NextDouble());
                scores[r] = set.Score.Quantile(rng.NextDouble());
            }
            monitor.ObserveBatch(rows, scores);
            var result = monitor.Check();
            Assert.False(result.Drifted, string.Join(", ", result.Features.Append(result.Score).Where(f => f.Drifted).Select(f => $"{f.Name} {f.Reasons} psi {f.Psi:0.000} p {f.KsPValue:0.000} wn {f.WassersteinNormed:0.000}")));
            Assert.All(result.Features, f => Assert.True(f.Psi < 0.01, $"{f.Name} psi {f.Psi}"));
        }
    }
}
