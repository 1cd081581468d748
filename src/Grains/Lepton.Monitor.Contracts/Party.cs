namespace Lepton.Monitor.Contracts;

/// <summary>
/// One side of a transaction after pseudonymization: <see cref="Account"/>, <see cref="Name"/> and
/// <see cref="CustomerId"/> hold keyed-HMAC tokens (per tenant), never the raw values.
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.party.v1")]
public sealed record Party(
    [property: Id(0)] string? Account,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Country,
    [property: Id(3)] string? CustomerId);
