namespace Lepton.Monitor.Storage;

/// <summary>An enabled subscription as the dispatcher fans out to it: told only of changes after <see cref="AfterSeq"/>.</summary>
public sealed record DispatchTarget(WebhookSubscription Subscription, long AfterSeq);
