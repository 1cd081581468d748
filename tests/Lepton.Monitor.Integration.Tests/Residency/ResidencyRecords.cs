using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Integration.Tests.Residency;

/// <summary>A small batch of plain records, enough to give a monitor state worth persisting.</summary>
internal static class ResidencyRecords
{
    public static RecordBatch Batch(string tenant, string prefix)
    {
        var at = DateTimeOffset.UtcNow;
        MonitoredRecord Record(int i) => new($"{prefix}-{i}", tenant, at.AddSeconds(i), 100m + i, "EUR", PaymentChannel.Card,
            new Party("ACC-" + i, "N-" + i, "DE", "C-" + i), new Party("ACC-B", "N-B", "FR", null),
            null, null, null, null, null, null) { AcceptedAt = at };
        return new RecordBatch([Record(1), Record(2), Record(3)]);
    }
}
