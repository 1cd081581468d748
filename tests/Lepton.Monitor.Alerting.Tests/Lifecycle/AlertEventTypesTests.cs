using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

public sealed class AlertEventTypesTests
{
    [Fact]
    public void A_new_alert_is_raised_and_a_resolution_is_resolved()
    {
        var alert = TestAlerts.Open();
        Assert.Equal(AlertEventTypes.Raised, AlertEventTypes.Of(null, alert));
        Assert.Equal(AlertEventTypes.Resolved, AlertEventTypes.Of(alert, alert with { Status = Contracts.AlertStatus.Resolved }));
        Assert.Equal(AlertEventTypes.Updated, AlertEventTypes.Of(alert, alert with { Assignee = "ana" }));
        Assert.False(AlertEventTypes.Notifies(null, alert with { Status = Contracts.AlertStatus.Suppressed }));
        Assert.True(AlertEventTypes.Notifies(alert, alert with { Status = Contracts.AlertStatus.Suppressed }));
    }
}
