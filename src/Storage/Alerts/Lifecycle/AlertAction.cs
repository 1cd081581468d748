namespace Lepton.Monitor.Storage;

/// <summary>
/// The triage actions of PRODUCT.md §6 (<c>POST /v1/alerts/{id}/{action}</c>); <c>assign-to-me</c> is
/// <see cref="Assign"/> with the caller as assignee. <see cref="Approve"/> and <see cref="Reject"/> decide a resolution
/// staged for four-eyes approval.
/// </summary>
public enum AlertAction
{
    Acknowledge,
    Assign,
    Comment,
    Resolve,
    Reopen,
    Snooze,
    Escalate,
    Approve,
    Reject,
}
