namespace Lepton.Monitor.Contracts;

/// <summary>
/// One column (a model feature, or the score) in one drift check. KS comes from a bounded histogram: the exact
/// statistic lies in [KsStatistic, KsStatistic + KsMaxError]. <see cref="JensenShannon"/> is null for numeric columns.
/// BinEdges/ReferenceShares/CurrentShares are PSI's decile bins (one more share than edges: (−∞, e₀], …, (eₖ, +∞)) for
/// a baseline-vs-current histogram; null until a check ran since the monitor activated.
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.drift-column.v1")]
public sealed record DriftColumnView(
    [property: Id(0)] string Name,
    [property: Id(1)] long Records,
    [property: Id(2)] double Psi,
    [property: Id(3)] double KsStatistic,
    [property: Id(4)] double KsPValue,
    [property: Id(5)] double KsMaxError,
    [property: Id(6)] double Wasserstein,
    [property: Id(7)] double WassersteinNormed,
    [property: Id(8)] double? JensenShannon,
    [property: Id(9)] double CurrentMean,
    [property: Id(10)] double ReferenceMean,
    [property: Id(11)] bool Drifted,
    [property: Id(12)] string Reasons,
    [property: Id(13)] double[]? BinEdges = null,
    [property: Id(14)] double[]? ReferenceShares = null,
    [property: Id(15)] double[]? CurrentShares = null);
