namespace Nutritionist.Messaging.Internal;

/// <summary>How an error becomes a <see cref="SendStatus"/>.</summary>
internal static class SendOutcome
{
    public static SendStatus StatusOf(MessagingException exception) =>
        exception.MayHaveBeenSent ? SendStatus.Unknown
        : exception.Code.IsMessageProblem() ? SendStatus.Rejected
        : SendStatus.Failed;
}
