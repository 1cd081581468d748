namespace Lepton.Monitor.Ingest;

/// <summary>The fields of one record being generated; reused from record to record by <see cref="GeneratorRun"/>.</summary>
internal sealed class GeneratedDraft
{
    public string? Id;
    public DateTime Timestamp;
    public decimal Amount;
    public string? AmountText;
    public string Currency = "USD";
    public string Channel = ChannelNames.Card;
    public GeneratedParty Originator;
    public GeneratedParty Beneficiary;
    public string? Jurisdiction;
    public string? DataSubjectRegion;
    public string? ProcessingRegion;
    public string? Memo;
    public string AgeBand = "";
    public string Region = "";
    public int AccountAgeDays;
}
