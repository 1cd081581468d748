namespace Lepton.Monitor.Storage;

/// <summary>The event types a subscription can ask for (<c>types</c>): the alert changes, and the notice that an endpoint was disabled.</summary>
public static class WebhookEventTypes
{
    public const string EndpointDisabled = "endpoint.disabled";

    /// <summary>What a subscription gets when it names no <c>types</c>: every alert change.</summary>
    public static readonly IReadOnlyList<string> Default = [AlertEventTypes.Raised, AlertEventTypes.Updated, AlertEventTypes.Resolved];

    public static readonly IReadOnlyList<string> All = [.. Default, EndpointDisabled];
}
