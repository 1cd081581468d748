namespace Lepton.Monitor.Storage;

/// <summary>The secrets a delivery is signed with: the current one, and the previous one while its overlap lasts.</summary>
public sealed record WebhookSigningSecrets(string Current, string? Previous, DateTimeOffset? PreviousValidUntil)
{
    /// <summary>Every secret valid at <paramref name="now"/>, current first.</summary>
    public IReadOnlyList<string> ValidAt(DateTimeOffset now) =>
        Previous is not null && PreviousValidUntil > now ? [Current, Previous] : [Current];
}
