namespace Lepton.Monitor.Compliance.Filings;

/// <summary>Amounts a report states, computed from its transactions (only those in the report's currency count).</summary>
public static class ReportTotals
{
    public static decimal Amount(ReportContent content) =>
        content.Transactions.Where(t => SameCurrency(t, content)).Sum(t => t.Amount);

    public static bool SameCurrency(ReportTransaction transaction, ReportContent content) =>
        string.Equals(transaction.Currency, content.Currency, StringComparison.OrdinalIgnoreCase);

    /// <summary>FinCEN amounts are whole US dollars, rounded half up (FinCEN's XML user manuals).</summary>
    public static long WholeDollars(decimal amount) => (long)Math.Round(amount, 0, MidpointRounding.AwayFromZero);
}
