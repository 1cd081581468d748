namespace Lepton.Monitor.Ingest;

/// <summary>
/// A planted pattern that spans several records of one fresh customer (a structuring run, a velocity burst), written
/// one record per <see cref="GeneratorRun.WriteNext"/> call. Every record of it carries the planted kind (the alert
/// lists them all as evidence) — unless the run ends before the pattern completes: then none does, since no alert will.
/// </summary>
internal sealed class PlantedSequence(string kind, GeneratedCustomer customer, int length, bool completes)
{
    public string Kind { get; } = kind;
    public GeneratedCustomer Customer { get; } = customer;
    public int Remaining { get; private set; } = length;

    /// <summary>False when the run ends before the last record of the pattern is written.</summary>
    public bool Completes { get; } = completes;

    public bool IsLast => Remaining == 1;

    public void Advance() => Remaining--;
}
