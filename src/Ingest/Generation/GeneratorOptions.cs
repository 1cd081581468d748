namespace Lepton.Monitor.Ingest;

/// <summary>Settings of one <see cref="TransactionGenerator"/> run; the same options give the same bytes.</summary>
public sealed record GeneratorOptions
{
    public long Seed { get; init; } = 1;

    /// <summary>Tenant written into every record; must match <c>[a-z0-9-]{1,64}</c>.</summary>
    public string Tenant { get; init; } = "demo";

    /// <summary>Records to generate (<see cref="TransactionGenerator.Generate"/> is lazy, so int.MaxValue streams).</summary>
    public int Count { get; init; } = 1_000;

    /// <summary>Number of the first id: ids are <c>{IdPrefix}{n:D6}</c> from here on, unique within a run.</summary>
    public long FirstSequence { get; init; } = 1;

    public string IdPrefix { get; init; } = "tx-";

    /// <summary>Timestamp of the first record; later ones advance by exponential gaps.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Mean gap between consecutive timestamps.</summary>
    public TimeSpan MeanInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Size of the customer pool whose accounts and names repeat across records.</summary>
    public int Customers { get; init; } = 5_000;

    /// <summary>Share of records with a planted violation (<see cref="PlantedKinds"/>).</summary>
    public double ViolationRate { get; init; } = 0.02;

    /// <summary>Share of records that must be rejected (bad amount, unknown code, missing id, malformed JSON).</summary>
    public double InvalidRate { get; init; }

    internal void Check()
    {
        if (!RecordValidator.IsTenantId(Tenant))
            throw new ArgumentException("Tenant must match [a-z0-9-]{1,64}", nameof(Tenant));
        ArgumentOutOfRangeException.ThrowIfNegative(Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(Customers, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(FirstSequence);
        ArgumentNullException.ThrowIfNull(IdPrefix);
        if (MeanInterval < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MeanInterval), "must not be negative");
        if (ViolationRate is < 0 or > 1 || InvalidRate is < 0 or > 1 || ViolationRate + InvalidRate > 1)
            throw new ArgumentOutOfRangeException(nameof(ViolationRate), "rates must lie in [0, 1] and sum to at most 1");
    }
}
