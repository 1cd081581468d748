namespace Lepton.Monitor.Training;

/// <summary>Hyper-parameters of <see cref="MlpTrainer"/>.</summary>
internal sealed record MlpTrainerSettings(
    int Hidden = 16,
    int Epochs = 12,
    int BatchSize = 256,
    double LearningRate = 0.01,
    double L2 = 1e-5,
    int Seed = 42);
