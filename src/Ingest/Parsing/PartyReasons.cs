namespace Lepton.Monitor.Ingest;

/// <summary>Precomputed reasons for one side of a transaction, so the parser builds no strings per bad record.</summary>
internal sealed class PartyReasons
{
    private PartyReasons(string side)
    {
        NotObject = side + ": must be an object";
        Account = side + ".account: must be a string";
        Name = side + ".name: must be a string";
        Country = side + ".country: must be a string";
        CustomerId = side + ".customerId: must be a string";
    }

    public static PartyReasons Originator { get; } = new("originator");
    public static PartyReasons Beneficiary { get; } = new("beneficiary");

    public string NotObject { get; }
    public string Account { get; }
    public string Name { get; }
    public string Country { get; }
    public string CustomerId { get; }
}
