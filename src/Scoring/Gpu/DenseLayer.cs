namespace Lepton.Monitor.Scoring;

/// <summary>
/// y = act(x · W + b) for a row x of <see cref="Inputs"/> values: <see cref="Weights"/> is row-major [Inputs, Outputs]
/// (whatever layout the ONNX file used), <see cref="Bias"/> has <see cref="Outputs"/> values (zeros when the file had none).
/// </summary>
public sealed record DenseLayer(int Inputs, int Outputs, float[] Weights, float[] Bias, DenseActivation Activation);
