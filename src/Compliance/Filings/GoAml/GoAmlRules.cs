using System.Xml.Linq;

namespace Lepton.Monitor.Compliance.Filings.GoAml;

/// <summary>
/// The structural rules of a goAML 5.x report that the schema states as XSD 1.1 assertions (which .NET's XmlSchemaSet,
/// an XSD 1.0 validator, cannot evaluate), checked in code. Each rule has an id (listed in docs/reports-regulatory.md)
/// and every violation names the element path.
/// </summary>
public static class GoAmlRules
{
    public sealed record Rule(string Id, string Description);

    public static IReadOnlyList<Rule> All { get; } =
    [
        new("GA01", "report has rentity_id (numeric), submission_code E or M, report_code, submission_date and currency_code_local (ISO 4217)"),
        new("GA02", "report_code matches the draft type: STR for goaml-str, CTR for goaml-ctr"),
        new("GA03", "an STR states its reason (narrative) and at least one report_indicators/indicator"),
        new("GA04", "every transaction has exactly one from side (t_from or t_from_my_client) and exactly one to side (t_to or t_to_my_client)"),
        new("GA05", "every transaction has at least one my_client side (the reporting entity's client)"),
        new("GA06", "transactionnumber is present and unique within the report"),
        new("GA07", "amount_local is a positive decimal with at most two decimals"),
        new("GA08", "date_transaction is not after submission_date"),
        new("GA09", "a my_client side holds exactly one of person, account or entity, and a my_client person has first_name and last_name"),
        new("GA10", "reporting_person has first_name and last_name"),
        new("GA11", "a CTR holds at least one transaction, all cash (transmode_code K)"),
    ];

    public static IReadOnlyList<ValidationIssue> Check(XDocument report, ReportType type)
    {
        ArgumentNullException.ThrowIfNull(report);
        var issues = new List<ValidationIssue>();
        var root = report.Root;
        if (root is null || root.Name.LocalName != "report")
        {
            issues.Add(Issue("/", "GA01", "the document's root must be <report>"));
            return issues;
        }
        void Require(XElement parent, string name, string rule, Func<string, bool>? valid = null, string? expectation = null)
        {
            var element = parent.Element(name);
            if (element is null || string.IsNullOrWhiteSpace(element.Value))
                issues.Add(Issue(Path(parent) + "/" + name, rule, $"{name} is required"));
            else if (valid is not null && !valid(element.Value))
                issues.Add(Issue(Path(element), rule, $"{name} '{element.Value}' is not {expectation}"));
        }

        Require(root, "rentity_id", "GA01", v => v.All(char.IsAsciiDigit), "numeric");
        Require(root, "submission_code", "GA01", v => v is "E" or "M", "E or M");
        Require(root, "report_code", "GA01");
        Require(root, "submission_date", "GA01", v => DateTime.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _), "a date-time");
        Require(root, "currency_code_local", "GA01", v => v.Length == 3 && v.All(char.IsAsciiLetterUpper), "an ISO 4217 code");
        var expected = type == ReportType.GoamlCtr ? "CTR" : "STR";
        if (root.Element("report_code") is { } code && !string.IsNullOrWhiteSpace(code.Value) && code.Value != expected)
            issues.Add(Issue(Path(code), "GA02", $"report_code '{code.Value}' does not match a {ReportNames.Of(type)} report ({expected})"));
        if (type == ReportType.GoamlStr)
        {
            Require(root, "reason", "GA03");
            if (!root.Elements("report_indicators").Elements("indicator").Any(i => !string.IsNullOrWhiteSpace(i.Value)))
                issues.Add(Issue(Path(root) + "/report_indicators", "GA03", "an STR needs at least one report_indicators/indicator"));
        }
        if (root.Element("reporting_person") is { } person)
        {
            Require(person, "first_name", "GA10");
            Require(person, "last_name", "GA10");
        }
        else
        {
            issues.Add(Issue(Path(root) + "/reporting_person", "GA10", "reporting_person is required"));
        }

        var submitted = DateTime.TryParse((string?)root.Element("submission_date"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var s) ? s : (DateTime?)null;
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        var transactions = root.Elements("transaction").ToList();
        foreach (var t in transactions)
        {
            var path = Path(t);
            var number = (string?)t.Element("transactionnumber");
            if (string.IsNullOrWhiteSpace(number))
                issues.Add(Issue(path + "/transactionnumber", "GA06", "transactionnumber is required"));
            else if (!numbers.Add(number))
                issues.Add(Issue(path + "/transactionnumber", "GA06", $"transactionnumber '{number}' is used by another transaction of this report"));

            var froms = t.Elements().Where(e => e.Name.LocalName is "t_from" or "t_from_my_client").ToList();
            var tos = t.Elements().Where(e => e.Name.LocalName is "t_to" or "t_to_my_client").ToList();
            if (froms.Count != 1)
                issues.Add(Issue(path, "GA04", $"a transaction needs exactly one t_from or t_from_my_client (found {froms.Count})"));
            if (tos.Count != 1)
                issues.Add(Issue(path, "GA04", $"a transaction needs exactly one t_to or t_to_my_client (found {tos.Count})"));
            var clients = froms.Concat(tos).Where(e => e.Name.LocalName.EndsWith("_my_client", StringComparison.Ordinal)).ToList();
            if (clients.Count == 0)
                issues.Add(Issue(path, "GA05", "neither side is the reporting entity's client (t_from_my_client or t_to_my_client)"));
            foreach (var client in clients)
                CheckClient(client, issues);

            var amount = t.Element("amount_local");
            if (amount is null || !decimal.TryParse(amount.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || value.Scale > 2)
                issues.Add(Issue(amount is null ? path + "/amount_local" : Path(amount), "GA07", $"amount_local '{amount?.Value}' must be a positive amount with at most two decimals"));
            var date = t.Element("date_transaction");
            if (date is null || !DateTime.TryParse(date.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at))
                issues.Add(Issue(date is null ? path + "/date_transaction" : Path(date), "GA08", "date_transaction must be a date-time"));
            else if (submitted is { } sub && at > sub)
                issues.Add(Issue(Path(date), "GA08", $"date_transaction {date.Value} is after the submission_date"));
            if (type == ReportType.GoamlCtr && (string?)t.Element("transmode_code") != "K")
                issues.Add(Issue(path + "/transmode_code", "GA11", "a CTR reports cash transactions only (transmode_code K)"));
        }
        if (type == ReportType.GoamlCtr && transactions.Count == 0)
            issues.Add(Issue(Path(root), "GA11", "a CTR needs at least one transaction"));
        return issues;
    }

    private static void CheckClient(XElement client, List<ValidationIssue> issues)
    {
        var direction = client.Name.LocalName.StartsWith("t_from", StringComparison.Ordinal) ? "from" : "to";
        var holders = client.Elements().Where(e => e.Name.LocalName is var n && (n == $"{direction}_person" || n == $"{direction}_account" || n == $"{direction}_entity")).ToList();
        if (holders.Count != 1)
        {
            issues.Add(Issue(Path(client), "GA09", $"a my_client side holds exactly one of {direction}_person, {direction}_account or {direction}_entity (found {holders.Count})"));
            return;
        }
        if (holders[0].Name.LocalName == $"{direction}_person")
        {
            foreach (var name in new[] { "first_name", "last_name" })
            {
                if (string.IsNullOrWhiteSpace((string?)holders[0].Element(name)))
                    issues.Add(Issue(Path(holders[0]) + "/" + name, "GA09", $"{name} is required for the reporting entity's client (fill it with `lepton report fill`)"));
            }
        }
    }

    private static ValidationIssue Issue(string path, string rule, string message) => new(path, $"{rule}: {message}", "goaml");

    private static string Path(XElement element) => Fincen.FincenSchemaValidator.PathOf(element);
}
