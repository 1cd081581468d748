namespace Lepton.Monitor.Ingest;

/// <summary>Canonicalising lookups the parser uses for coded fields.</summary>
internal static class KnownCodes
{
    public static CodeTable Currencies { get; } = new(IsoCodes.Currencies, upperCase: true);

    /// <summary>Countries and non-country jurisdiction codes (EU, EEA, GLOBAL).</summary>
    public static CodeTable Regions { get; } = new(IsoCodes.Countries.Concat(JurisdictionCodes.NonCountry), upperCase: true);

    public static CodeTable Channels { get; } = new(ChannelNames.All, upperCase: false);
}
