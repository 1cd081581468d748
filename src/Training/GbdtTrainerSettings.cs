namespace Lepton.Monitor.Training;

/// <summary>Hyper-parameters of <see cref="GbdtTrainer"/>.</summary>
/// <param name="Lambda">L2 penalty on leaf values (the XGBoost λ): shrinks leaves backed by little hessian mass.</param>
/// <param name="MinChildWeight">Smallest hessian sum a child may have; stops splits that isolate a handful of rows.</param>
/// <param name="MaxBins">Histogram bins per feature (≤ 256, one byte per binned value).</param>
internal sealed record GbdtTrainerSettings(
    int Trees = 100,
    int MaxDepth = 4,
    double LearningRate = 0.1,
    double Lambda = 1.0,
    double MinChildWeight = 1.0,
    int MaxBins = 64);
