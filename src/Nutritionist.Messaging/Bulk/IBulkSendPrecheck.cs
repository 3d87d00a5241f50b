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
    /// the order of <paramref name="messages"/>; <see langword="null"/> for each message that is then sent with
    /// <see cref="SendPrecheckedAsync"/>.
    /// </summary>
    /// <param name="messages">One chunk of the bulk send.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>One entry per message.</returns>
    Task<SendResult?[]> PrecheckAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a message that <see cref="PrecheckAsync"/> let through, as <see cref="IMessagingClient.SendAsync"/> does but
    /// without reading the opt-out store again where the pre-check already read it for this message.
    /// </summary>
    /// <param name="message">A message of a chunk just pre-checked, which the pre-check did not refuse.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The message's result.</returns>
    Task<SendResult> SendPrecheckedAsync(OutboundMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Records in the delivery tracker, in one batch, the accepted results of <see cref="SendPrecheckedAsync"/> calls of
    /// one chunk (which leaves that to this method). Never throws for a tracker failure: it is logged.
    /// </summary>
    /// <param name="sent">The chunk's sent messages with their results (accepted or not).</param>
    /// <returns>A task that completes when they are recorded.</returns>
    Task RecordSentAsync(IReadOnlyList<(OutboundMessage Message, SendResult Result)> sent);
}
