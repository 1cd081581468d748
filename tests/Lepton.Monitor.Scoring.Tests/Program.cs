using Microsoft.ML.OnnxRuntime;

namespace Lepton.Monitor.Scoring.Tests;

/// <summary>
/// The test assembly run as a program: a fresh process whose first ONNX Runtime environment the telemetry test
/// controls (inside the test host, some other test has created it already). The test runner never calls this.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args)
        {
            case ["create-session", var model]:
            {
                // The product's way: through the scoring library, which creates ONNX Runtime's environment with telemetry off.
                using var runner = new RawOnnxRunner(model, new ScoringOptions { Device = ScoringDevice.Cpu });
                var scores = new float[1];
                runner.Run(new float[runner.FeatureCount], 1, scores);
                Console.WriteLine($"scored {scores[0]}");
                return 0;
            }
            case ["create-session-bare", var model]:
            {
                // The control: ONNX Runtime used directly, as it behaves out of the box.
                using var session = new InferenceSession(model);
                Console.WriteLine($"inputs {session.InputMetadata.Count}");
                return 0;
            }
            default:
                Console.Error.WriteLine("usage: create-session|create-session-bare <model.onnx>");
                return 2;
        }
    }
}
