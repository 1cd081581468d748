namespace Lepton.Monitor.Rules;

/// <summary>The names of <see cref="PiiKinds"/> as written in packs, masks (<c>[masked:card-number]</c>) and alert explanations.</summary>
public static class PiiKindNames
{
    public const string CardNumber = "card-number";
    public const string Iban = "iban";
    public const string Ssn = "ssn";
    public const string Email = "email";

    private static readonly string[] Names = new string[16];

    static PiiKindNames()
    {
        for (var i = 0; i < Names.Length; i++)
            Names[i] = Build((PiiKinds)i);
    }

    /// <summary>The single kind's name (<c>card-number</c>).</summary>
    public static string Of(PiiKinds kind) => kind switch
    {
        PiiKinds.CardNumber => CardNumber,
        PiiKinds.Iban => Iban,
        PiiKinds.Ssn => Ssn,
        PiiKinds.Email => Email,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a single PII kind"),
    };

    /// <summary>Comma-separated names in a fixed order (<c>card-number, email</c>); cached, so no allocation per alert.</summary>
    public static string List(PiiKinds kinds) => Names[(int)(kinds & PiiKinds.All)];

    public static PiiKinds? Parse(string name) => name switch
    {
        CardNumber => PiiKinds.CardNumber,
        Iban => PiiKinds.Iban,
        Ssn => PiiKinds.Ssn,
        Email => PiiKinds.Email,
        _ => null,
    };

    private static string Build(PiiKinds kinds)
    {
        var parts = new List<string>(4);
        foreach (var kind in (ReadOnlySpan<PiiKinds>)[PiiKinds.CardNumber, PiiKinds.Iban, PiiKinds.Ssn, PiiKinds.Email])
        {
            if ((kinds & kind) != 0)
                parts.Add(Of(kind));
        }
        return string.Join(", ", parts);
    }
}
