namespace Lepton.Monitor.Scoring;

/// <summary>A model or its card is missing, unreadable, not valid ONNX, or does not match this build's features.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string modelPath, string message, Exception? inner = null)
        : base(message, inner)
    {
        ModelPath = modelPath;
    }

    public string ModelPath { get; }
}
