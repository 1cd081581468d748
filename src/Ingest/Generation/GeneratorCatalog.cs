namespace Lepton.Monitor.Ingest;

/// <summary>
/// Word lists and weights behind generated transactions. Nothing a clean record uses resembles PII a rule would flag;
/// the e-mail parts exist only for pii-in-text plants.
/// </summary>
internal static class GeneratorCatalog
{
    public static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "Wei", "Mei", "Hiroshi", "Yuki", "Arjun", "Priya", "Lukas", "Anna", "Mathieu", "Camille",
        "José", "María", "Sofía", "Mateo", "Björn", "Ingrid", "Zoë", "Noah", "Olivia", "Liam",
        "Amara", "Kwame", "Fatima", "Omar", "Siobhán", "Sean", "Giulia", "Luca", "Marta", "Jakub",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martinez", "Lopez",
        "Müller", "Schmidt", "Schneider", "Dubois", "Lefèvre", "Rossi", "Bianchi", "Novak", "Kowalski", "Jansen",
        "de Vries", "O'Brien", "Murphy", "Tan", "Lim", "Lee", "Wong", "Sato", "Suzuki", "Kim",
        "Patel", "Singh", "Silva", "Santos", "Andersson", "Nilsen", "Virtanen", "Costa", "Ferreira", "Nguyen",
    ];

    public static readonly string[] Merchants =
    [
        "Corner Grocery", "City Pharmacy", "Blue Bottle Cafe", "Metro Transit", "Northwind Books",
        "Fabrikam Electronics", "Contoso Air", "Harbor Fuel", "Greenleaf Market", "Summit Outfitters",
        "Lakeside Hotel", "Tailspin Toys", "Alpine Streaming", "Riverside Dental", "Orchard Bakery",
    ];

    /// <summary>Memo templates; {n} becomes 3–5 digits (far too short for a card number or IBAN).</summary>
    public static readonly string[] Memos =
    [
        "invoice {n}", "rent", "groceries", "payroll", "consulting fees", "refund order {n}", "school fees",
        "utility bill", "loan repayment", "gift", "subscription", "travel expenses", "membership {n}", "repairs",
    ];

    public static readonly string[] AgeBands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"];

    public static readonly string[] Regions = ["north", "south", "east", "west", "central"];

    /// <summary>EU members for customers; BG and HR are left out because they have sat on FATF's grey list.</summary>
    public static readonly string[] EuCountries = ["DE", "FR", "NL", "ES", "IT", "IE", "BE", "AT", "PT", "FI", "SE", "DK", "LU", "PL"];

    public static readonly string[] OtherCountries = ["CA", "AU", "JP", "CH", "NO", "NZ", "KR", "BR", "MX", "IN"];

    public static readonly string[] SanctionedCountries = ["KP", "IR", "SY", "CU"];

    /// <summary>Same content as <see cref="PlantedKinds.HighRiskCountries"/>, in a fixed order for deterministic picks.</summary>
    public static readonly string[] HighRiskCountries =
        ["MM", "DZ", "AO", "BO", "CM", "CI", "CD", "HT", "KE", "LA", "LB", "MC", "NA", "NP", "SS", "VE", "VN", "VG", "YE"];

    /// <summary>Same content as <see cref="PlantedKinds.NonAdequateRegions"/>, in a fixed order.</summary>
    public static readonly string[] NonAdequateRegions = ["IN", "BR", "AU", "MX", "SG"];

    /// <summary>Counterparty countries of travel-rule plants: clean everywhere, so only the missing information alerts.</summary>
    public static readonly string[] TravelCounterpartyCountries = ["US", "DE", "FR", "NL", "GB", "SG", "CA", "JP", "CH", "AU"];

    /// <summary>ASCII local parts and domains for planted e-mail addresses.</summary>
    public static readonly string[] EmailLocalParts = ["j.smith", "mary.jones", "r.brown", "priya.patel", "wei.tan", "lukas.mueller", "a.rossi", "kim.lee"];

    public static readonly string[] EmailDomains = ["example.com", "mail.example.org", "example.net"];

    /// <summary>Currencies a generated record may carry.</summary>
    public static readonly string[] Currencies = ["USD", "EUR", "GBP", "SGD", "CHF", "JPY", "CAD", "AUD"];

    public static string HomeCurrency(string country) => country switch
    {
        "US" => "USD",
        "GB" => "GBP",
        "SG" => "SGD",
        "CH" => "CHF",
        "JP" => "JPY",
        "CA" => "CAD",
        "AU" => "AUD",
        _ when IsoCodes.EuMemberStates.Contains(country) => "EUR",
        _ => "USD",
    };

    /// <summary>Rough size of one USD in the currency, so that amounts look plausible (JPY has no minor unit).</summary>
    public static double UnitsPerUsd(string currency) => currency == "JPY" ? 150.0 : 1.0;

    public static int MinorDigits(string currency) => currency == "JPY" ? 0 : 2;

    /// <summary>Customer home country: mostly US, EU members, GB and SG.</summary>
    public static string PickCountry(DeterministicRandom random)
    {
        var u = random.NextDouble();
        if (u < 0.38) return "US";
        if (u < 0.70) return random.Pick(EuCountries);
        if (u < 0.80) return "GB";
        if (u < 0.87) return "SG";
        return random.Pick(OtherCountries);
    }
}
