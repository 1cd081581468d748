using System.Xml.Linq;
using Lepton.Monitor.Compliance.Filings;
using Lepton.Monitor.Compliance.Filings.GoAml;

namespace Lepton.Monitor.Compliance.Tests.Filings;

public sealed class GoAmlReportTests
{
    private static readonly DateTimeOffset Submitted = Samples.Day.AddDays(20);

    private static ReportDraft Filled(ReportType type)
    {
        var draft = Samples.Draft(type, Samples.Structuring());
        return draft with { Content = draft.Content with { Subjects = [draft.Content.Subjects[0] with { Identity = Samples.Identity }] } };
    }

    [Fact]
    public void A_filled_str_has_the_core_elements_and_passes_every_rule()
    {
        var report = GoAmlReportWriter.Write(Filled(ReportType.GoamlStr), Submitted);

        Assert.Empty(GoAmlRules.Check(report, ReportType.GoamlStr));
        var root = report.Root!;
        Assert.Equal("STR", root.Element("report_code")!.Value);
        Assert.Equal(3, root.Elements("transaction").Count());
        var first = root.Elements("transaction").First();
        Assert.Equal("Jane", first.Element("t_from_my_client")!.Element("from_person")!.Element("first_name")!.Value);
        Assert.Equal("p_bankcash000000000000", first.Element("t_to")!.Element("to_account")!.Element("account")!.Value);
        Assert.Equal(["STRUCTURING"], root.Element("report_indicators")!.Elements("indicator").Select(i => i.Value));
    }

    [Fact]
    public void An_unfilled_str_names_the_client_fields_to_fill()
    {
        var report = GoAmlReportWriter.Write(Samples.Draft(ReportType.GoamlStr, Samples.Structuring()), Submitted);

        var issues = GoAmlRules.Check(report, ReportType.GoamlStr);

        Assert.Equal(6, issues.Count); // first_name and last_name of the client in each of three transactions
        Assert.All(issues, i => Assert.StartsWith("GA09", i.Message, StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Path == "/report/transaction[2]/t_from_my_client[1]/from_person[1]/last_name");
    }

    [Fact]
    public void Structural_rules_catch_what_xsd_1_1_assertions_would()
    {
        var report = GoAmlReportWriter.Write(Filled(ReportType.GoamlStr), Submitted);
        var root = report.Root!;
        var transactions = root.Elements("transaction").ToList();
        transactions[0].Add(new XElement("t_to", new XElement("to_funds_code", "K")));        // GA04: two to sides
        transactions[1].Element("transactionnumber")!.Value = "r1";                            // GA06: duplicate number
        transactions[2].Element("amount_local")!.Value = "-5";                                 // GA07
        transactions[2].Element("date_transaction")!.Value = "2027-01-01T00:00:00";            // GA08
        root.Element("report_indicators")!.RemoveNodes();                                      // GA03
        root.Element("report_code")!.Value = "CTR";                                            // GA02
        var from = transactions[1].Element("t_from_my_client")!;
        from.Name = "t_from";                                                                  // GA05: no client side left

        var rules = GoAmlRules.Check(report, ReportType.GoamlStr).Select(i => i.Message[..4]).ToHashSet();

        Assert.Equal(["GA02", "GA03", "GA04", "GA05", "GA06", "GA07", "GA08"], rules.Order());
    }

    [Fact]
    public void A_ctr_takes_cash_only_and_needs_no_indicator()
    {
        var draft = Filled(ReportType.GoamlCtr) with { };
        draft = draft with { Content = draft.Content with { Indicators = [] } };
        var report = GoAmlReportWriter.Write(draft, Submitted);
        Assert.Empty(GoAmlRules.Check(report, ReportType.GoamlCtr));

        report.Root!.Elements("transaction").First().Element("transmode_code")!.Value = "A";
        var issue = Assert.Single(GoAmlRules.Check(report, ReportType.GoamlCtr));
        Assert.StartsWith("GA11", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rule_is_listed_once()
    {
        Assert.Equal(GoAmlRules.All.Count, GoAmlRules.All.Select(r => r.Id).Distinct().Count());
    }
}
