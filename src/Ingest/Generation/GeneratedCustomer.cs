namespace Lepton.Monitor.Ingest;

/// <summary>A synthetic customer whose account and name recur across generated records.</summary>
internal sealed class GeneratedCustomer
{
    /// <param name="country">The home country; drawn like the pool's when null.</param>
    /// <param name="idPrefix">Prefix of the customer id: planted sequences use their own, so no pool customer shares their windows.</param>
    public GeneratedCustomer(int number, DeterministicRandom random, string? country = null, string idPrefix = "c-")
    {
        CustomerId = $"{idPrefix}{number:D7}";
        Country = country ?? GeneratorCatalog.PickCountry(random);
        Name = $"{random.Pick(GeneratorCatalog.FirstNames)} {random.Pick(GeneratorCatalog.LastNames)}";
        // The customer number inside the account keeps accounts unique within a pool.
        Account = $"{Country}{random.Next(10, 100)}{number:D8}{random.Next(100_000, 1_000_000)}";
        Currency = GeneratorCatalog.HomeCurrency(Country);
        AgeBand = random.Pick(GeneratorCatalog.AgeBands);
        Region = random.Pick(GeneratorCatalog.Regions);
        AccountAgeDaysAtStart = random.Next(1, 3_650);
    }

    public string CustomerId { get; }
    public string Country { get; }
    public string Name { get; }
    public string Account { get; }
    public string Currency { get; }
    public string AgeBand { get; }
    public string Region { get; }
    public int AccountAgeDaysAtStart { get; }

    public bool IsEu => IsoCodes.EuMemberStates.Contains(Country);
}
