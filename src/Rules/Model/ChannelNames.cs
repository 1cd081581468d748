using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>Channel names as written in records and packs (schema v1 <c>channel</c>); cached strings, no per-call allocation.</summary>
public static class ChannelNames
{
    public static string Of(PaymentChannel channel) => channel switch
    {
        PaymentChannel.Cash => "cash",
        PaymentChannel.Card => "card",
        PaymentChannel.Wire => "wire",
        PaymentChannel.Ach => "ach",
        PaymentChannel.Sepa => "sepa",
        PaymentChannel.Crypto => "crypto",
        _ => "other",
    };

    public static PaymentChannel? Parse(string name) => name switch
    {
        "cash" => PaymentChannel.Cash,
        "card" => PaymentChannel.Card,
        "wire" => PaymentChannel.Wire,
        "ach" => PaymentChannel.Ach,
        "sepa" => PaymentChannel.Sepa,
        "crypto" => PaymentChannel.Crypto,
        "other" => PaymentChannel.Other,
        _ => null,
    };
}
