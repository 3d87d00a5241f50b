namespace Nutritionist.Messaging;

/// <summary>Helpers over <see cref="MessagingErrorCode"/>.</summary>
public static class MessagingErrorCodeExtensions
{
    /// <summary>
    /// Whether the code blames the message itself (invalid recipient or content, opted out, WhatsApp window closed,
    /// price over the limit): sending it again unchanged gives the same answer. Such failures are
    /// <see cref="SendStatus.Rejected"/>; the others are <see cref="SendStatus.Failed"/> (or <see cref="SendStatus.Unknown"/>
    /// when the message may have been sent).
    /// </summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> for a problem of the message.</returns>
    public static bool IsMessageProblem(this MessagingErrorCode code) => code is
        MessagingErrorCode.InvalidRecipient or
        MessagingErrorCode.InvalidMessage or
        MessagingErrorCode.OptedOut or
        MessagingErrorCode.SessionWindowClosed or
        MessagingErrorCode.PriceOverThreshold;
}
