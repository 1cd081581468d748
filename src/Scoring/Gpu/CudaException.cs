namespace Lepton.Monitor.Scoring;

/// <summary>A CUDA driver or cuBLASLt call failed; <see cref="Call"/> names it, the message carries the status text.</summary>
public sealed class CudaException(string call, int status, string? text)
    : Exception($"{call} failed with status {status}{(text is null ? "" : $" ({text})")}")
{
    public string Call { get; } = call;
    public int Status { get; } = status;
}
