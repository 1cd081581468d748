using System.Xml.Linq;
using static Lepton.Monitor.Compliance.Filings.Fincen.FincenXml;

namespace Lepton.Monitor.Compliance.Filings.Fincen;

/// <summary>
/// The institution's parties every SAR and CTR activity carries (transmitter, transmitter contact, filer, transaction
/// location, contact office) and a subject's name, address and identification, in schema element order.
/// A subject not yet filled (<see cref="ReportParty.Identity"/> null) is written with its pseudonym as an "other"
/// identification and names marked unknown, so the draft validates for review and `lepton report fill` names it.
/// </summary>
internal static class FincenParties
{
    public const string PseudonymIdType = "Lepton pseudonym";

    public static XElement Transmitter(FincenXml x, FilingInstitution f) => x.Seq("Party",
        Value("ActivityPartyTypeCode", "35"),
        x.Seq("PartyName", Value("PartyNameTypeCode", "L"), Value("RawPartyFullName", Cut(f.Name, 150))),
        Address(x, f.Street, f.City, f.State, f.Zip, f.Country),
        x.Seq("PhoneNumber", Value("PhoneNumberText", Cut(Digits(f.ContactPhone), 16))),
        x.Seq("PartyIdentification", Value("PartyIdentificationNumberText", Cut(f.Tin, 25)), Value("PartyIdentificationTypeCode", "4")),
        x.Seq("PartyIdentification", Value("PartyIdentificationNumberText", Cut(f.TransmitterControlCode, 25)), Value("PartyIdentificationTypeCode", "28")));

    public static XElement TransmitterContact(FincenXml x, FilingInstitution f) => x.Seq("Party",
        Value("ActivityPartyTypeCode", "37"),
        x.Seq("PartyName", Value("PartyNameTypeCode", "L"), Value("RawPartyFullName", Cut(f.ContactOffice ?? f.Name, 150))));

    /// <summary>Filer (30) or transaction location (34): the institution itself, a depository institution by default.</summary>
    public static XElement Institution(FincenXml x, FilingInstitution f, string partyType, bool sar) => x.Seq("Party",
        Value("ActivityPartyTypeCode", partyType),
        Value("PrimaryRegulatorTypeCode", f.RegulatorCode),
        x.Seq("PartyName", Value("PartyNameTypeCode", "L"), Value("RawPartyFullName", Cut(f.Name, 150))),
        Address(x, f.Street, f.City, f.State, f.Zip, f.Country),
        x.Seq("PartyIdentification", Value("PartyIdentificationNumberText", Cut(f.Tin, 25)), Value("PartyIdentificationTypeCode", "2")),
        sar ? x.Seq("OrganizationClassificationTypeSubtype", Value("OrganizationTypeID", "2")) : x.Seq("OrganizationClassificationTypeSubtype", Value("OrganizationTypeID", "1")));

    public static XElement ContactOffice(FincenXml x, FilingInstitution f) => x.Seq("Party",
        Value("ActivityPartyTypeCode", "8"),
        x.Seq("PartyName", Value("PartyNameTypeCode", "L"), Value("RawPartyFullName", Cut(f.ContactOffice ?? f.Name, 150))),
        x.Seq("PhoneNumber", Value("PhoneNumberText", Cut(Digits(f.ContactPhone), 16))));

    /// <summary>The elements of a subject after its type code and the party-level fields the caller adds.</summary>
    public static object?[] SubjectDetails(FincenXml x, ReportParty subject)
    {
        var id = subject.Identity;
        if (id is null)
        {
            return
            [
                x.Seq("PartyName", Indicator("EntityLastNameUnknownIndicator", true), Indicator("FirstNameUnknownIndicator", true), Value("PartyNameTypeCode", "L")),
                Address(x, null, null, null, null, subject.Country),
                x.Seq("PartyIdentification", Value("OtherPartyIdentificationTypeText", PseudonymIdType),
                    Value("PartyIdentificationNumberText", Cut(subject.Pseudonym, 25)), Value("PartyIdentificationTypeCode", "999")),
            ];
        }
        var name = id.IsEntity
            ? x.Seq("PartyName", Value("PartyNameTypeCode", "L"), Value("RawEntityIndividualLastName", Cut(id.EntityName, 150)))
            : x.Seq("PartyName",
                Indicator("EntityLastNameUnknownIndicator", string.IsNullOrWhiteSpace(id.LastName)),
                Indicator("FirstNameUnknownIndicator", string.IsNullOrWhiteSpace(id.FirstName)),
                Value("PartyNameTypeCode", "L"),
                Value("RawEntityIndividualLastName", Cut(id.LastName, 150)),
                Value("RawIndividualFirstName", Cut(id.FirstName, 35)));
        var idType = IdTypeCode(id.IdType);
        return
        [
            name,
            Address(x, id.Street, id.City, id.State, id.Zip, id.Country ?? subject.Country),
            string.IsNullOrWhiteSpace(id.IdNumber) ? null : x.Seq("PartyIdentification",
                Value("OtherIssuerCountryText", idType is "6" or "9" or "999" ? Cut(id.IdCountry, 2) : null),
                Value("OtherPartyIdentificationTypeText", idType == "999" ? Cut(id.IdType, 50) : null),
                Value("PartyIdentificationNumberText", Cut(id.IdNumber, 25)),
                Value("PartyIdentificationTypeCode", idType)),
        ];
    }

    /// <summary>FinCEN identification type codes for the KYC file's <c>id_type</c> words.</summary>
    public static string IdTypeCode(string? idType) => idType?.Trim().ToLowerInvariant() switch
    {
        "ssn" or "itin" or "ssn/itin" => "1",
        "ein" => "2",
        "tin" => "4",
        "drivers-license" or "state-id" => "5",
        "passport" => "6",
        "alien-registration" => "7",
        "foreign" => "9",
        _ => "999",
    };

    public static XElement Address(FincenXml x, string? street, string? city, string? state, string? zip, string? country) => x.Seq("Address",
        Indicator("CityUnknownIndicator", string.IsNullOrWhiteSpace(city)),
        Indicator("CountryCodeUnknownIndicator", string.IsNullOrWhiteSpace(country)),
        Value("RawCityText", Cut(city, 50)),
        Value("RawCountryCodeText", Cut(country, 2)),
        Value("RawStateCodeText", Cut(state, 3)),
        Value("RawStreetAddress1Text", Cut(street, 100)),
        Value("RawZIPCode", Cut(zip?.Replace("-", "", StringComparison.Ordinal), 9)),
        Indicator("StateCodeUnknownIndicator", string.IsNullOrWhiteSpace(state)),
        Indicator("StreetAddressUnknownIndicator", string.IsNullOrWhiteSpace(street)),
        Indicator("ZIPCodeUnknownIndicator", string.IsNullOrWhiteSpace(zip)));

    private static string? Digits(string? phone) => phone is null ? null : new string(phone.Where(char.IsAsciiDigit).ToArray());
}
