using System.Diagnostics.CodeAnalysis;
using Nutritionist.Messaging.Costs;

namespace Nutritionist.Messaging;

/// <summary>What happened to one message.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Status</term><description>Meaning</description></listheader>
/// <item><term><see cref="SendStatus.Accepted"/></term><description>The provider took it; <see cref="MessageId"/> is set.</description></item>
/// <item><term><see cref="SendStatus.Rejected"/></term><description>Refused for the message's own sake; <see cref="Error"/> says why. Not sent.</description></item>
/// <item><term><see cref="SendStatus.Failed"/></term><description>Not sent because of the provider or set-up; may succeed later.</description></item>
/// <item><term><see cref="SendStatus.Unknown"/></term><description>May or may not have been sent.</description></item>
/// </list>
/// </remarks>
public sealed class SendResult
{
    /// <summary>The outcome.</summary>
    public required SendStatus Status { get; init; }

    /// <summary>The platform the message was sent on (or would have been).</summary>
    public required MessagingPlatform Platform { get; init; }

    /// <summary><see langword="true"/> when <see cref="Status"/> is <see cref="SendStatus.Accepted"/>.</summary>
    [MemberNotNullWhen(true, nameof(MessageId))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Status == SendStatus.Accepted;

    /// <summary>The provider's message id, when accepted.</summary>
    public string? MessageId { get; init; }

    /// <summary>The name of the provider that handled the message (<c>"aws-sms"</c>, <c>"twilio-whatsapp"</c>).</summary>
    public string? ProviderName { get; init; }

    /// <summary>The recipient in E.164, when the number could be read.</summary>
    public string? Recipient { get; init; }

    /// <summary>Why the message was not accepted; <see langword="null"/> when it was.</summary>
    public MessagingError? Error { get; init; }

    /// <summary>The caller's reference from <see cref="OutboundMessage.ClientReference"/>.</summary>
    public string? ClientReference { get; init; }

    /// <summary>The phone number, pool or sender that sent the message, when the provider says.</summary>
    public string? OriginationIdentity { get; init; }

    /// <summary>How many times the provider was called for this message (0 when it was refused before any call).</summary>
    public int Attempts { get; init; }

    /// <summary>The SMS parts the message takes (from the provider, else computed), for accepted SMS; <see langword="null"/> otherwise.</summary>
    public int? Segments { get; init; }

    /// <summary>What the message is expected to cost, from the configured price tables, for accepted messages.</summary>
    /// <remarks>The price the provider actually charges arrives later with the delivery status update.</remarks>
    public MessageCostEstimate? EstimatedCost { get; init; }

    /// <summary>
    /// The platform the message was meant for when it was sent on <see cref="Platform"/> instead by channel fallback;
    /// <see langword="null"/> when there was no fallback.
    /// </summary>
    public MessagingPlatform? FallbackFrom { get; init; }

    /// <summary>
    /// <see langword="true"/> when this is the stored result of an earlier send with the same
    /// <see cref="OutboundMessage.ClientReference"/> (on this or another instance): no provider was called this time.
    /// </summary>
    public bool IsReplay { get; init; }

    /// <summary>Throws a <see cref="MessagingException"/> carrying <see cref="Error"/> unless the message was accepted.</summary>
    /// <returns>This result, for chaining.</returns>
    /// <exception cref="MessagingException">The message was not accepted.</exception>
    public SendResult EnsureSuccess()
    {
        if (IsSuccess)
        {
            return this;
        }

        throw new MessagingException(Error.Code, Error.Message, Error.ProviderCode, isTransient: Error.IsTransient, innerException: Error.Exception)
        {
            MayHaveBeenSent = Status == SendStatus.Unknown,
        };
    }

    internal SendResult WithFallbackFrom(MessagingPlatform original) => new()
    {
        Status = Status,
        Platform = Platform,
        MessageId = MessageId,
        ProviderName = ProviderName,
        Recipient = Recipient,
        Error = Error,
        ClientReference = ClientReference,
        OriginationIdentity = OriginationIdentity,
        Attempts = Attempts,
        Segments = Segments,
        EstimatedCost = EstimatedCost,
        FallbackFrom = original,
    };

    internal SendResult AsReplay() => new()
    {
        Status = Status,
        Platform = Platform,
        MessageId = MessageId,
        ProviderName = ProviderName,
        Recipient = Recipient,
        Error = Error,
        ClientReference = ClientReference,
        OriginationIdentity = OriginationIdentity,
        Attempts = Attempts,
        Segments = Segments,
        EstimatedCost = EstimatedCost,
        FallbackFrom = FallbackFrom,
        IsReplay = true,
    };

    /// <inheritdoc />
    public override string ToString() =>
        IsSuccess ? $"{Status} {Platform} {MessageId}" : $"{Status} {Platform}: {Error}";
}
