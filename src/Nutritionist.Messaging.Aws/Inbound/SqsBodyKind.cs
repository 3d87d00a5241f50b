namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>What an SQS body turned out to be.</summary>
internal enum SqsBodyKind
{
    /// <summary>It could not be read; see <see cref="SqsBody.Reason"/>.</summary>
    Invalid,

    /// <summary>Something valid that the library has nothing to do with (voice events, SNS subscription confirmations).</summary>
    Ignored,

    /// <summary>An SNS envelope whose <c>Message</c> still has to be verified and read.</summary>
    SnsEnvelope,

    /// <summary>A two-way SMS message a person sent.</summary>
    InboundMessage,

    /// <summary>An SMS or MMS delivery event.</summary>
    DeliveryStatus,

    /// <summary>
    /// An AWS End User Messaging Social WhatsApp event: the Cloud API webhook entry inside it, read into
    /// <see cref="SqsBody.Messages"/> and <see cref="SqsBody.Updates"/> (at least one of them not empty).
    /// </summary>
    WhatsAppEvent,
}
