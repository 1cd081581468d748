using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Which jurisdictions (rule packs) a record touches (PRODUCT.md §2/§3): the originator's and beneficiary's
/// countries, the data subject's region and any named explicitly, each mapped to its pack and restricted to the
/// tenant's enabled jurisdictions. Runs per record on the ingest hot path, so it avoids LINQ and allocates only the result.
/// </summary>
public static class JurisdictionResolver
{
    /// <summary>
    /// Distinct jurisdictions in discovery order (originator, beneficiary, dataSubjectRegion, explicit list),
    /// only those in <paramref name="tenantEnabledJurisdictions"/>.
    /// </summary>
    public static string[] Resolve(MonitoredRecord record, IReadOnlyCollection<string> tenantEnabledJurisdictions,
        IReadOnlySet<string> packJurisdictions)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(tenantEnabledJurisdictions);
        ArgumentNullException.ThrowIfNull(packJurisdictions);

        var found = new ResolvedSet();
        Add(ref found, record.Originator?.Country, tenantEnabledJurisdictions, packJurisdictions);
        Add(ref found, record.Beneficiary?.Country, tenantEnabledJurisdictions, packJurisdictions);
        Add(ref found, record.DataSubjectRegion, tenantEnabledJurisdictions, packJurisdictions);
        if (record.Jurisdictions is { } jurisdictions)
        {
            foreach (var code in jurisdictions)
                Add(ref found, code, tenantEnabledJurisdictions, packJurisdictions);
        }
        return found.ToArray();
    }

    /// <summary>
    /// The pack for one code: EU, GLOBAL and codes with a pack stay; an EU member state → EU; EEA → EU (GDPR);
    /// another country with its own pack → itself, else GLOBAL; anything unknown → null.
    /// </summary>
    public static string? MapCode(string? code, IReadOnlySet<string> packJurisdictions)
    {
        if (string.IsNullOrEmpty(code))
            return null;
        if (code is JurisdictionCodes.Eu or JurisdictionCodes.Global)
            return code;
        // EU membership wins over a member's own pack: EU rules apply to every member state's records.
        if (IsoCodes.EuMemberStates.Contains(code))
            return JurisdictionCodes.Eu;
        if (packJurisdictions.Contains(code))
            return code;
        if (code == JurisdictionCodes.Eea)
            return JurisdictionCodes.Eu;
        return IsoCodes.Countries.Contains(code) ? JurisdictionCodes.Global : null;
    }

    private static void Add(ref ResolvedSet found, string? code, IReadOnlyCollection<string> enabled, IReadOnlySet<string> packs)
    {
        var jurisdiction = MapCode(code, packs);
        if (jurisdiction is not null && !found.Contains(jurisdiction) && IsEnabled(enabled, jurisdiction))
            found.Add(jurisdiction);
    }

    private static bool IsEnabled(IReadOnlyCollection<string> enabled, string jurisdiction)
    {
        switch (enabled)
        {
            case IReadOnlySet<string> set:
                return set.Contains(jurisdiction);
            case string[] array:
                return Array.IndexOf(array, jurisdiction) >= 0;
            case List<string> list:
                return list.Contains(jurisdiction);
            default:
                foreach (var item in enabled)
                {
                    if (string.Equals(item, jurisdiction, StringComparison.Ordinal))
                        return true;
                }
                return false;
        }
    }

    /// <summary>A handful of distinct codes on the stack; spills to a list only past eight (never in practice).</summary>
    private struct ResolvedSet
    {
        private InlineCodes _inline;
        private int _count;
        private List<string>? _overflow;

        public readonly bool Contains(string code)
        {
            for (var i = 0; i < Math.Min(_count, InlineCodes.Size); i++)
            {
                if (string.Equals(_inline[i], code, StringComparison.Ordinal))
                    return true;
            }
            return _overflow is not null && _overflow.Contains(code);
        }

        public void Add(string code)
        {
            if (_count < InlineCodes.Size)
                _inline[_count] = code;
            else
                (_overflow ??= []).Add(code);
            _count++;
        }

        public readonly string[] ToArray()
        {
            if (_count == 0)
                return [];
            var result = new string[_count];
            for (var i = 0; i < _count; i++)
                result[i] = i < InlineCodes.Size ? _inline[i] : _overflow![i - InlineCodes.Size];
            return result;
        }
    }

    [System.Runtime.CompilerServices.InlineArray(Size)]
    private struct InlineCodes
    {
        public const int Size = 8;
        private string _element;
    }
}
