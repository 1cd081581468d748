using System.Collections.Frozen;
using System.Globalization;

namespace Lepton.Monitor.Rules;

/// <summary>
/// A named list a pack's rules refer to (e.g. <c>sanctionedCountries</c>), with where it comes from and how current it is,
/// because an alert built on a list must say which list and which edition.
/// </summary>
public sealed class ReferenceList
{
    private readonly FrozenSet<string> _values;

    public ReferenceList(string name, DateOnly asOf, string source, IEnumerable<string> values, string? note = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(values);
        Name = name;
        AsOf = asOf;
        Source = source;
        Note = note;
        // Case-insensitive so a lower-case country from some feed still matches; lookups stay allocation-free.
        _values = values.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        Values = _values.Items;
        Citation = string.Create(CultureInfo.InvariantCulture, $"{name} ({source}, as of {asOf:yyyy-MM-dd})");
    }

    public string Name { get; }

    /// <summary>The date the list content was last checked against its source.</summary>
    public DateOnly AsOf { get; }

    public string Source { get; }

    /// <summary>Caveats a reviewer should know (e.g. why an entry is kept although its legal basis changed).</summary>
    public string? Note { get; }

    public IReadOnlyList<string> Values { get; }

    public bool Contains(string? value) => value is not null && _values.Contains(value);

    /// <summary>How alerts cite the list: <c>sanctionedCountries (OFAC …, as of 2026-11-01)</c>.</summary>
    public string Citation { get; }
}
