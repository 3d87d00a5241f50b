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
}
