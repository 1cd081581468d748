namespace Lepton.Monitor.Reporting.Drift;

/// <summary>
/// One drift statistic of a feature as the drift verb computed it (e.g. "PSI", "KS statistic", "KS p-value",
/// "Wasserstein (normed)"); <paramref name="Threshold"/>, when given, is shown beside it and the cell is marked when the
/// value crosses it (at or above, or below for a p-value: <paramref name="LowerIsWorse"/>). NaN shows as "—".
/// </summary>
public sealed record DriftMetric(string Name, double Value, double? Threshold = null, bool LowerIsWorse = false)
{
    public bool Crossed => Threshold is { } t && double.IsFinite(Value) && (LowerIsWorse ? Value < t : Value >= t);
}
