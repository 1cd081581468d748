namespace Lepton.Monitor.Ingest;

/// <summary>
/// A planted pattern that spans several records of one fresh customer (a structuring run, a velocity burst), written
/// one record per <see cref="GeneratorRun.WriteNext"/> call; only its last record carries the planted kind.
/// </summary>
internal sealed class PlantedSequence(string kind, GeneratedCustomer customer, int length)
{
    public string Kind { get; } = kind;
    public GeneratedCustomer Customer { get; } = customer;
    public int Remaining { get; private set; } = length;

    public bool IsLast => Remaining == 1;

    public void Advance() => Remaining--;
}
