namespace Lepton.Monitor.Storage;

/// <summary>
/// One condition of a silence, as Alertmanager spells it: <c>=</c> (isEqual, not isRegex), <c>!=</c>, <c>=~</c>
/// (isEqual, isRegex) and <c>!~</c>. <see cref="Name"/> is one of <see cref="SilenceFields.Names"/>.
/// </summary>
public sealed record SilenceMatcher(string Name, string Value, bool IsRegex, bool IsEqual)
{
    /// <summary>The operator as written in Alertmanager's matcher syntax.</summary>
    public string Operator => (IsEqual, IsRegex) switch
    {
        (true, false) => "=",
        (false, false) => "!=",
        (true, true) => "=~",
        (false, true) => "!~",
    };

    public override string ToString() => $"{Name}{Operator}\"{Value}\"";
}
