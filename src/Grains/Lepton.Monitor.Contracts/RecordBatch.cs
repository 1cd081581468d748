namespace Lepton.Monitor.Contracts;

/// <summary>Many records for one (tenant, jurisdiction) activation in one grain call.</summary>
[GenerateSerializer, Immutable, Alias("lepton.record-batch.v1")]
public sealed record RecordBatch([property: Id(0)] MonitoredRecord[] Records);

/// <summary>
/// What a monitor grain did with a batch. Records the grain could not fully check are listed in <see cref="Failed"/>
/// (isolated one by one: the rest of the batch was processed); the dispatcher parks them with their payload.
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.batch-result.v1")]
public sealed record BatchResult(
    [property: Id(0)] int Processed,
    [property: Id(1)] int AlertsRaised)
{
    /// <summary>Records not (fully) checked, with the reason; empty when the whole batch was checked.</summary>
    [Id(2)] public RecordFailure[] Failed { get; init; } = [];
}

/// <summary>
/// One record a monitor could not fully check. <see cref="Retryable"/> failures (the model was unavailable, a
/// dependency failed) are retried automatically with backoff; others (the record itself breaks a rule's arithmetic)
/// wait parked for an operator's replay after a fix.
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.record-failure.v1")]
public sealed record RecordFailure(
    [property: Id(0)] string RecordId,
    [property: Id(1)] string Reason,
    [property: Id(2)] bool Retryable);
