namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET|POST|DELETE /v1/subscriptions (webhooks), their delivery log and replay.</summary>
public static class SubscriptionsApi
{
    public static RouteGroupBuilder MapSubscriptionsApi(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
