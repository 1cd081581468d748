using System.Xml.Linq;
using static Lepton.Monitor.Compliance.Filings.Fincen.FincenXml;

namespace Lepton.Monitor.Compliance.Filings.Fincen;

/// <summary>
/// A draft as a FinCEN CTR batch (<c>EFL_CTRXBatchSchema.xsd</c>, form CTRX): one activity per subject and business day
/// (UTC date) of its cash transactions, with the institution's parties, the subject as "person conducting transaction
/// on own behalf" (50) and the day's cash in (deposits, code 55: the subject sent the cash) and cash out (withdrawals,
/// code 56: the subject received it) in whole dollars. Transactions in another currency than the report's are left out.
/// </summary>
public static class CtrBatchWriter
{
    public const string CashInDeposit = "55";
    public const string CashOutWithdrawal = "56";

    public static XDocument Write(ReportDraft draft, DateOnly filingDate)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var x = new FincenXml();
        var c = draft.Content;
        var activities = new List<XElement>();
        foreach (var subject in c.Subjects)
        {
            var days = c.Transactions
                .Where(t => ReportTotals.SameCurrency(t, c) && Involves(t, subject))
                .GroupBy(t => DateOnly.FromDateTime(t.Timestamp.UtcDateTime))
                .OrderBy(g => g.Key);
            foreach (var day in days)
                activities.Add(Activity(x, c.Filer, subject, day.Key, day.ToList(), filingDate));
        }
        var batch = new XElement(Ns + "EFilingBatchXML",
            new XAttribute(XNamespace.Xmlns + "xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            new XElement(Ns + "FormTypeCode", "CTRX"),
            activities);
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), batch);
        FincenBatchTotals.Apply(document, ReportType.FincenCtr);
        return document;
    }

    private static XElement Activity(FincenXml x, FilingInstitution f, ReportParty subject, DateOnly day, List<ReportTransaction> transactions, DateOnly filingDate)
    {
        var cashIn = transactions.Where(t => IsSender(t, subject)).Sum(t => t.Amount);
        var cashOut = transactions.Where(t => !IsSender(t, subject)).Sum(t => t.Amount);
        var activity = x.Seq("Activity",
            Required("FilingDateText", Date(filingDate)),
            x.Seq("ActivityAssociation",
                Required("CorrectsAmendsPriorReportIndicator", ""),
                Required("FinCENDirectBackFileIndicator", ""),
                Required("InitialReportIndicator", "Y")),
            FincenParties.Transmitter(x, f),
            FincenParties.TransmitterContact(x, f),
            FincenParties.Institution(x, f, "30", sar: false),
            FincenParties.Institution(x, f, "34", sar: false),
            x.Seq("Party",
                [Value("ActivityPartyTypeCode", "50"),
                 Value("IndividualBirthDateText", subject.Identity?.BirthDate?.Replace("-", "", StringComparison.Ordinal)),
                 Value("IndividualEntityCashInAmountText", cashIn > 0 ? Dollars(cashIn) : null),
                 Value("IndividualEntityCashOutAmountText", cashOut > 0 ? Dollars(cashOut) : null),
                 Indicator("PartyAsEntityOrganizationIndicator", subject.Identity?.IsEntity == true),
                 .. FincenParties.SubjectDetails(x, subject)]),
            FincenParties.ContactOffice(x, f),
            x.Seq("CurrencyTransactionActivity",
                Required("AggregateTransactionIndicator", transactions.Count > 1 ? "Y" : ""),
                Required("ArmoredCarServiceIndicator", ""),
                Required("ATMIndicator", ""),
                Required("MailDepositShipmentIndicator", ""),
                Required("NightDepositIndicator", ""),
                Required("SharedBranchingIndicator", ""),
                Required("TotalCashInReceiveAmountText", cashIn > 0 ? Dollars(cashIn) : ""),
                Required("TotalCashOutAmountText", cashOut > 0 ? Dollars(cashOut) : ""),
                Required("TransactionDateText", Date(day)),
                cashIn > 0 ? Detail(x, CashInDeposit, cashIn) : null,
                cashOut > 0 ? Detail(x, CashOutWithdrawal, cashOut) : null));
        return activity;
    }

    private static XElement Detail(FincenXml x, string code, decimal amount) => x.Seq("CurrencyTransactionActivityDetail",
        Required("CurrencyTransactionActivityDetailTypeCode", code),
        Required("DetailTransactionAmountText", Dollars(amount)),
        Required("OtherCurrencyTransactionActivityDetailText", ""),
        Required("OtherForeignCurrencyCountryText", ""));

    private static bool Involves(ReportTransaction t, ReportParty subject) => IsSender(t, subject) || IsReceiver(t, subject);

    private static bool IsSender(ReportTransaction t, ReportParty subject) =>
        t.From is { } from && (from.Customer == subject.Pseudonym || (from.Account is not null && subject.Accounts.Contains(from.Account)));

    private static bool IsReceiver(ReportTransaction t, ReportParty subject) =>
        t.To is { } to && (to.Customer == subject.Pseudonym || (to.Account is not null && subject.Accounts.Contains(to.Account)));
}
