namespace Nutritionist.Messaging.Telemetry;

/// <summary>The tag names on the library's metrics and activities. Recipients are always masked.</summary>
public static class MessagingTelemetryTags
{
    /// <summary>The platform: <c>sms</c> or <c>whatsapp</c>.</summary>
    public const string Platform = "messaging.platform";

    /// <summary>The provider's name (<c>aws-sms</c>, <c>twilio-whatsapp</c>).</summary>
    public const string Provider = "messaging.provider";

    /// <summary>The <see cref="SendStatus"/>, lower case.</summary>
    public const string Outcome = "messaging.outcome";

    /// <summary>The <see cref="MessagingErrorCode"/> of a message that was not accepted.</summary>
    public const string ErrorType = "error.type";

    /// <summary>The masked recipient (<c>+1415*****71</c>); on activities only, never on metrics.</summary>
    public const string Recipient = "messaging.recipient.masked";

    /// <summary>The provider's message id; on activities only.</summary>
    public const string MessageId = "messaging.message.id";

    /// <summary>The ISO 4217 currency of a cost.</summary>
    public const string Currency = "messaging.cost.currency";

    /// <summary>A delivery status, lower case.</summary>
    public const string DeliveryStatus = "messaging.delivery.status";

    /// <summary>The keyword kind of an inbound message (<c>none</c>, <c>optout</c>, <c>optin</c>, <c>help</c>).</summary>
    public const string Keyword = "messaging.keyword";

    /// <summary>The direction of an opt-out change: <c>out</c> or <c>in</c>.</summary>
    public const string Direction = "messaging.optout.direction";

    /// <summary>The platform a fallback message was meant for.</summary>
    public const string FallbackFrom = "messaging.fallback.from";

    /// <summary>The provider a message failed over to (on the failover counter; <c>messaging.provider</c> is the one that did not send).</summary>
    public const string FailoverTo = "messaging.failover.to";

    /// <summary>The number of provider calls one send took; on activities only.</summary>
    public const string Attempts = "messaging.attempts";
}
