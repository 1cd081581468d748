namespace Lepton.Monitor.Scoring;

/// <summary>
/// What the batching service needs from an inference engine: run a [rows, F] float matrix into [rows] scores over
/// caller-owned buffers. <see cref="RawOnnxRunner"/> (ONNX Runtime, CPU or CUDA provider) implements it; a dedicated
/// GPU backend (e.g. cuBLASLt kernels for the MLP) can plug in without touching the batching.
/// </summary>
public interface IInferenceBackend : IDisposable
{
    /// <summary>"cpu" or "cuda": where the model actually runs.</summary>
    string Device { get; }

    string InputName { get; }
    string OutputName { get; }

    /// <summary>Width F of the input matrix.</summary>
    int FeatureCount { get; }

    /// <summary>The model's metadata (name, version, features), matched against its card.</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Scores <paramref name="rows"/> rows of <paramref name="features"/> (row-major, F wide) into <paramref name="scores"/>[0..rows).</summary>
    void Run(float[] features, int rows, float[] scores);
}
