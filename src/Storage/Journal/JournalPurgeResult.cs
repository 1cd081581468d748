namespace Lepton.Monitor.Storage;

/// <summary>What <see cref="IRecordJournal.PurgeAsync"/> removed.</summary>
public sealed record JournalPurgeResult(long KeysDeleted);
