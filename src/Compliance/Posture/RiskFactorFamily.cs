namespace Lepton.Monitor.Compliance.Posture;

/// <summary>The inherent-risk factor families of the EBA risk-factor guidelines and the AMLA draft RTS.</summary>
public enum RiskFactorFamily
{
    Customers,
    ProductsTransactions,
    Channels,
    Geography,
}
