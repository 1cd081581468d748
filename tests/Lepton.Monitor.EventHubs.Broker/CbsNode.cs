using Microsoft.Azure.Amqp;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>The $cbs node: every put-token is accepted (202); the local broker does no real authorization.</summary>
internal sealed class CbsNode : RequestResponseNode
{
    public const string Address = "$cbs";

    protected override AmqpMessage Handle(AmqpMessage request) => Status(AmqpMessage.Create(), 202, "Accepted");
}
