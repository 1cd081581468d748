namespace Lepton.Monitor.Storage;

/// <summary>
/// A failed attempt to publish message <paramref name="Seq"/>: its attempt count after this failure, when it may be
/// tried again, whether it is now parked, and the transport's reason (kept for operators).
/// </summary>
public sealed record OutboxFailure(long Seq, int Attempts, DateTimeOffset NextAttemptAt, bool Park, string Reason);
