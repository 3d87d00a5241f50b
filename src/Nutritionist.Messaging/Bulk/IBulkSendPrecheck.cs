namespace Nutritionist.Messaging.Bulk;

/// <summary>
/// A client that can check a chunk of a bulk send before it goes out, with one store lookup per chunk instead of one per
/// message. <see cref="BulkSendExtensions"/> uses it when the client it is given implements it (the library's router does);
/// any other client sends every message as before.
/// </summary>
internal interface IBulkSendPrecheck
{
    /// <summary>
    /// The results of the messages that must not be sent (opted out, or unchecked because the opt-out store failed), in
    /// the order of <paramref name="messages"/>; <see langword="null"/> for each message that goes through
    /// <see cref="IMessagingClient.SendAsync"/>, which checks it again.
    /// </summary>
    /// <param name="messages">One chunk of the bulk send.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>One entry per message.</returns>
    Task<SendResult?[]> PrecheckAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken);
}
