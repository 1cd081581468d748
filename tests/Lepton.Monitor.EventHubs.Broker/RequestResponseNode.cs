using System.Collections.Concurrent;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// An AMQP request/response node ($cbs, $management): requests arrive on a link targeting the node, and the answer
/// goes out on the link whose target is the request's reply-to, correlated by the request's message-id.
/// </summary>
internal abstract class RequestResponseNode
{
    readonly ConcurrentDictionary<string, SendingAmqpLink> replyLinks = new(StringComparer.Ordinal);

    public void Attach(AmqpLink link)
    {
        if (link is ReceivingAmqpLink requests)
        {
            requests.RegisterMessageListener(message => OnRequest(requests, message));
            requests.SetTotalLinkCredit(100, true, true);
            return;
        }

        var replies = (SendingAmqpLink)link;
        var replyTo = ((Target)replies.Settings.Target).Address?.ToString()
            ?? throw new AmqpException(AmqpErrorCode.InvalidField, "The reply link has no target address.");
        replyLinks[replyTo] = replies;
        replies.Closed += (_, _) => replyLinks.TryRemove(new KeyValuePair<string, SendingAmqpLink>(replyTo, replies));
    }

    protected abstract AmqpMessage Handle(AmqpMessage request);

    protected static AmqpMessage Status(AmqpMessage response, int statusCode, string description)
    {
        response.ApplicationProperties.Map["status-code"] = statusCode;
        response.ApplicationProperties.Map["status-description"] = description;
        return response;
    }

    void OnRequest(ReceivingAmqpLink requests, AmqpMessage request)
    {
        try
        {
            requests.AcceptMessage(request, false);
            var replyTo = request.Properties?.ReplyTo?.ToString();
            if (replyTo is null || !replyLinks.TryGetValue(replyTo, out var replies))
            {
                return;
            }

            AmqpMessage response;
            try
            {
                response = Handle(request);
            }
            catch (Exception ex)
            {
                response = Status(AmqpMessage.Create(), 500, ex.Message);
            }

            response.Properties.CorrelationId = request.Properties!.MessageId;
            replies.SendMessageNoWait(response, AmqpConstants.EmptyBinary, AmqpConstants.NullBinary);
        }
        catch (Exception ex) when (ex is AmqpException or ObjectDisposedException or InvalidOperationException)
        {
            // The requester went away; it will ask again on a new link.
        }
        finally
        {
            request.Dispose();
        }
    }
}
