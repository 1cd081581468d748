namespace Lepton.Monitor.Contracts;

/// <summary>Payment channel of a record (schema v1 <c>channel</c>).</summary>
public enum PaymentChannel : byte
{
    Other = 0,
    Cash = 1,
    Card = 2,
    Wire = 3,
    Ach = 4,
    Sepa = 5,
    Crypto = 6,
}
