using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest;

/// <summary>The schema-v1 <c>channel</c> values and their <see cref="PaymentChannel"/>.</summary>
public static class ChannelNames
{
    public const string Cash = "cash";
    public const string Card = "card";
    public const string Wire = "wire";
    public const string Ach = "ach";
    public const string Sepa = "sepa";
    public const string Crypto = "crypto";
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } = [Cash, Card, Wire, Ach, Sepa, Crypto, Other];

    /// <summary>Maps a canonical (lower-case) channel name; false for anything else.</summary>
    public static bool TryParse(string? name, out PaymentChannel channel)
    {
        switch (name)
        {
            case Cash: channel = PaymentChannel.Cash; return true;
            case Card: channel = PaymentChannel.Card; return true;
            case Wire: channel = PaymentChannel.Wire; return true;
            case Ach: channel = PaymentChannel.Ach; return true;
            case Sepa: channel = PaymentChannel.Sepa; return true;
            case Crypto: channel = PaymentChannel.Crypto; return true;
            case Other: channel = PaymentChannel.Other; return true;
            default: channel = PaymentChannel.Other; return false;
        }
    }

    public static string ToName(PaymentChannel channel) => channel switch
    {
        PaymentChannel.Cash => Cash,
        PaymentChannel.Card => Card,
        PaymentChannel.Wire => Wire,
        PaymentChannel.Ach => Ach,
        PaymentChannel.Sepa => Sepa,
        PaymentChannel.Crypto => Crypto,
        _ => Other,
    };
}
