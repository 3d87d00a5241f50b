namespace Nutritionist.Messaging.Idempotency;

/// <summary>
/// Claims keys so that one piece of work runs once across every instance of a host: a send with a
/// <see cref="OutboundMessage.ClientReference"/>, or an inbound queue message that may be delivered again.
/// </summary>
/// <remarks>
/// The first caller to claim a key owns it until it completes or releases the claim, or until the claim's lifetime ends.
/// Every other caller learns that the work is in progress, or how it ended. The default is in memory (one process); a
/// fleet registers a shared implementation (DynamoDB, Redis). Implementations must be thread-safe, and
/// <see cref="TryClaimAsync"/> must be atomic: of any number of concurrent claims of one key, exactly one wins.
/// </remarks>
public interface ISendClaimStore
{
    /// <summary>Claims <paramref name="key"/> unless a live claim of it exists.</summary>
    /// <param name="key">The key, for example <c>send:order-42</c>. Callers never put an unnormalised phone number in it.</param>
    /// <param name="lifetime">How long the claim (and, once completed, its result) is kept.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>
    /// <see cref="SendClaimState.Acquired"/> when this caller now owns the key; otherwise the existing claim's state, and
    /// its result when it completed with one.
    /// </returns>
    ValueTask<SendClaim> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default);

    /// <summary>Marks an owned claim as done, keeping <paramref name="result"/> for later callers of the same key.</summary>
    /// <param name="key">The key the caller claimed.</param>
    /// <param name="result">The send's result, or <see langword="null"/> for work that has no result to share.</param>
    /// <param name="lifetime">How long the completed claim is kept, from now.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the claim is stored as done.</returns>
    ValueTask CompleteAsync(string key, SendResult? result, TimeSpan lifetime, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives up an owned claim, so that the next caller may do the work: only for work that certainly did not happen (a
    /// send rejected or failed, which proves the provider did not take it; an inbound message whose processing failed and will be redelivered).
    /// </summary>
    /// <param name="key">The key the caller claimed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the claim is gone.</returns>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default);
}
