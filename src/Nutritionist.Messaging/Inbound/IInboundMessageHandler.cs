namespace Nutritionist.Messaging.Inbound;

/// <summary>The application's code for messages people send. Register any number with DI; each sees every message.</summary>
/// <remarks>
/// A handler that throws fails the processing of the message, which is then redelivered (SQS) or answered with an
/// error (webhooks) so the provider retries: handlers must be idempotent (use <see cref="InboundMessage.ProviderMessageId"/>).
/// </remarks>
public interface IInboundMessageHandler
{
    /// <summary>Handles one message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the message is handled.</returns>
    Task HandleAsync(InboundMessage message, CancellationToken cancellationToken = default);
}
