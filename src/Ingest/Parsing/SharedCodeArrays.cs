using System.Runtime.CompilerServices;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Per-thread, direct-mapped cache of <c>jurisdictions</c> arrays for an owned parse: records repeat the same few lists
/// of known codes, and a known code is always the same string instance (<see cref="CodeTable"/>), so a list is found by
/// comparing references and its array shared by every record that carries it (which is why it must never be changed,
/// as with the shared attribute and feature maps; <see cref="Lepton.Monitor.Contracts.MonitoredRecord"/> is immutable).
/// </summary>
internal sealed class SharedCodeArrays
{
    private const int SlotCount = 64;
    private const int MaxCodes = 8;

    [ThreadStatic] private static SharedCodeArrays? t_current;

    private readonly string[]?[] _slots = new string[]?[SlotCount];

    public static SharedCodeArrays Current => t_current ??= new SharedCodeArrays();

    /// <summary>An array equal to <paramref name="codes"/> (canonical code instances only), shared when seen before.</summary>
    public string[] Get(List<string> codes)
    {
        if (codes.Count > MaxCodes)
            return codes.ToArray();
        var hash = 0;
        foreach (var code in codes)
            hash = HashCode.Combine(hash, RuntimeHelpers.GetHashCode(code));
        ref var slot = ref _slots[hash & (SlotCount - 1)];
        if (slot is { } known && SameReferences(known, codes))
            return known;
        var array = codes.ToArray();
        slot = array;
        return array;
    }

    private static bool SameReferences(string[] known, List<string> codes)
    {
        if (known.Length != codes.Count)
            return false;
        for (var i = 0; i < known.Length; i++)
        {
            if (!ReferenceEquals(known[i], codes[i]))
                return false;
        }
        return true;
    }
}
