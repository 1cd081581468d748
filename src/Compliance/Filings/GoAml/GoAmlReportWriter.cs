using System.Xml.Linq;

namespace Lepton.Monitor.Compliance.Filings.GoAml;

/// <summary>
/// A draft as a goAML 5.x <c>report</c> (UNODC goAML schema, core elements): reporting entity and person, the
/// narrative as <c>reason</c>, one <c>transaction</c> per record with <c>t_from_my_client</c>/<c>t_to_my_client</c>
/// for the report's subjects (the institution's clients) and <c>t_from</c>/<c>t_to</c> for counterparties, and
/// <c>report_indicators</c>. goAML has no namespace. Unfilled subjects carry their pseudonym as the account number
/// and person placeholders; <see cref="GoAmlRules"/> reports them. Amounts are written as recorded: a transaction in
/// another currency than <c>currency_code_local</c> is not converted (no <c>from_foreign_currency</c> block yet).
/// </summary>
public static class GoAmlReportWriter
{
    /// <summary>goAML transmode/funds code for cash; other channels are written as "other" unless mapped here.</summary>
    public static string FundsCode(string channel) => channel switch
    {
        "cash" => "K",
        "wire" => "A",
        "card" => "C",
        _ => "O",
    };

    public static XDocument Write(ReportDraft draft, DateTimeOffset submittedAt)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var c = draft.Content;
        var f = c.Filer;
        var subjects = c.Subjects.ToDictionary(s => s.Pseudonym, StringComparer.Ordinal);
        var accountOwners = c.Subjects.SelectMany(s => s.Accounts.Select(a => (Account: a, Subject: s)))
            .GroupBy(p => p.Account, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Subject, StringComparer.Ordinal);
        var report = new XElement("report",
            new XElement("rentity_id", f.GoAmlEntityId ?? ""),
            new XElement("submission_code", f.GoAmlSubmissionCode ?? "E"),
            new XElement("report_code", draft.Type == ReportType.GoamlCtr ? "CTR" : "STR"),
            new XElement("entity_reference", draft.Id),
            draft.PriorFiuReference is { } prior ? new XElement("fiu_ref_number", prior) : null,
            new XElement("submission_date", Timestamp(submittedAt)),
            new XElement("currency_code_local", c.Currency),
            new XElement("reporting_person",
                new XElement("first_name", f.ReportingPersonFirstName ?? ""),
                new XElement("last_name", f.ReportingPersonLastName ?? "")),
            new XElement("reason", c.Narrative.Trim()),
            c.Transactions.Select(t => Transaction(t, subjects, accountOwners)),
            new XElement("report_indicators", c.Indicators.Select(i => new XElement("indicator", i))));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), report);
    }

    private static XElement Transaction(ReportTransaction t, Dictionary<string, ReportParty> subjects, Dictionary<string, ReportParty> accountOwners)
    {
        var fromClient = ClientOf(t.From, subjects, accountOwners);
        var toClient = ClientOf(t.To, subjects, accountOwners);
        var funds = FundsCode(t.Channel);
        return new XElement("transaction",
            new XElement("transactionnumber", t.RecordId),
            new XElement("transaction_description", $"{t.Channel} {t.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {t.Currency}"),
            new XElement("date_transaction", Timestamp(t.Timestamp)),
            new XElement("transmode_code", funds),
            new XElement("amount_local", t.Amount.ToString("0.00", CultureInfo.InvariantCulture)),
            Side("from", t.From, fromClient, funds),
            Side("to", t.To, toClient, funds));
    }

    private static XElement Side(string direction, ReportTransactionSide? side, ReportParty? client, string funds)
    {
        var element = new XElement(client is null ? $"t_{direction}" : $"t_{direction}_my_client",
            new XElement($"{direction}_funds_code", funds));
        if (client is not null)
            element.Add(Person($"{direction}_person", client));
        else
            element.Add(new XElement($"{direction}_account", new XElement("account", side?.Account ?? side?.Customer ?? "unknown")));
        element.Add(new XElement($"{direction}_country", side?.Country ?? client?.Country ?? ""));
        return element;
    }

    /// <summary>A subject as <c>t_person</c> (my client): names and identification from KYC once filled, else placeholders.</summary>
    private static XElement Person(string name, ReportParty client)
    {
        var id = client.Identity;
        if (id is { IsEntity: true })
            return new XElement(name.Replace("person", "entity", StringComparison.Ordinal), new XElement("name", id.EntityName ?? ""));
        return new XElement(name,
            new XElement("first_name", id?.FirstName ?? ""),
            new XElement("last_name", id?.LastName ?? ""),
            id?.BirthDate is { } birth ? new XElement("birthdate", birth + "T00:00:00") : null,
            new XElement("id_number", id?.IdNumber ?? client.Pseudonym),
            id?.Country is { } country ? new XElement("nationality1", country) : null,
            id?.Street is null ? null : new XElement("addresses", new XElement("address",
                new XElement("address_type", "1"),
                new XElement("address", id.Street),
                new XElement("city", id.City ?? ""),
                new XElement("zip", id.Zip ?? ""),
                new XElement("country_code", id.Country ?? client.Country ?? ""))));
    }

    private static ReportParty? ClientOf(ReportTransactionSide? side, Dictionary<string, ReportParty> subjects, Dictionary<string, ReportParty> accountOwners)
    {
        if (side is null)
            return null;
        if (side.Customer is not null && subjects.TryGetValue(side.Customer, out var byCustomer))
            return byCustomer;
        return side.Account is not null && (subjects.TryGetValue(side.Account, out var byAccount) || accountOwners.TryGetValue(side.Account, out byAccount))
            ? byAccount : null;
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
