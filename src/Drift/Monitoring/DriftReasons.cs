namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>Which tests called a column drifted, so an alert can say why.</summary>
[Flags]
public enum DriftReasons
{
    None = 0,
    Psi = 1,
    KolmogorovSmirnov = 2,
    Wasserstein = 4,
    JensenShannon = 8,
    Adwin = 16,
    PageHinkley = 32,
}
