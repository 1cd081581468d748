using System.Runtime.CompilerServices;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Bounded, lock-free cache of pseudonymized parties: a repeat customer's tokens come from the token cache as the same
/// string instances, so its <see cref="Party"/> (immutable, shared by the records that carry it) is found by reference
/// comparison instead of being allocated per record. Direct-mapped; a collision evicts the older party.
/// </summary>
internal sealed class PartyCache
{
    private const int SlotCount = 16384; // 128 KiB per tenant, a quarter of its token cache

    private readonly Party?[] _slots = new Party?[SlotCount];

    public Party Get(string? account, string? name, string? country, string? customerId)
    {
        var hash = HashCode.Combine(Identity(account), Identity(name), Identity(country), Identity(customerId));
        ref var slot = ref _slots[hash & (SlotCount - 1)];
        var party = Volatile.Read(ref slot);
        if (party is not null
            && ReferenceEquals(party.Account, account)
            && ReferenceEquals(party.Name, name)
            && ReferenceEquals(party.Country, country)
            && ReferenceEquals(party.CustomerId, customerId))
            return party;
        party = new Party(account, name, country, customerId);
        Volatile.Write(ref slot, party);
        return party;
    }

    private static int Identity(string? value) => value is null ? 0 : RuntimeHelpers.GetHashCode(value);
}
