namespace Nutritionist.Messaging.Internal;

/// <summary>How an error becomes a <see cref="SendStatus"/>.</summary>
internal static class SendOutcome
{
    /// <summary>Errors caused by the message itself: sending it again unchanged gives the same answer.</summary>
    public static bool IsMessageProblem(MessagingErrorCode code) => code is
        MessagingErrorCode.InvalidRecipient or
        MessagingErrorCode.InvalidMessage or
        MessagingErrorCode.OptedOut or
        MessagingErrorCode.SessionWindowClosed or
        MessagingErrorCode.PriceOverThreshold;

    public static SendStatus StatusOf(MessagingException exception) =>
        exception.MayHaveBeenSent ? SendStatus.Unknown
        : IsMessageProblem(exception.Code) ? SendStatus.Rejected
        : SendStatus.Failed;
}
