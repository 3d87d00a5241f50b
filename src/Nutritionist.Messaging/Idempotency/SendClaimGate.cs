using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Internal;

namespace Nutritionist.Messaging.Idempotency;

/// <summary>
/// Makes a send with a <see cref="OutboundMessage.ClientReference"/> happen once across every instance that shares the
/// <see cref="ISendClaimStore"/>: the reference is claimed before any provider call, and later sends with it get the first
/// result (or <see cref="SendStatus.Unknown"/> while the first is in flight).
/// </summary>
/// <remarks>
/// A failing claim store fails closed: without the claim the message could go out twice, so it is not sent. A send that
/// proves nothing reached a provider releases its claim, so the caller may try again; a cancelled send keeps it until its
/// lifetime ends, since the request may have left.
/// </remarks>
internal sealed class SendClaimGate(ISendClaimStore store, MessagingOptions options, ILogger logger)
{
    /// <summary>The prefix of send keys, which keeps them apart from other users of the store (inbound de-duplication).</summary>
    public const string KeyPrefix = "send:";

    public async Task<SendResult> SendOnceAsync(OutboundMessage message, Func<OutboundMessage, CancellationToken, Task<SendResult>> send, CancellationToken cancellationToken)
    {
        var reference = message.ClientReference!;
        var key = KeyPrefix + reference;
        var platform = message.Platform ?? options.DefaultPlatform;
        var lifetime = options.SendClaimLifetime;
        SendClaim claim;
        try
        {
            claim = await store.TryClaimAsync(key, lifetime, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var storeName = store.GetType().Name;
            Log.ClaimStoreFailed(logger, e, storeName, platform);
            return new SendResult
            {
                Status = SendStatus.Failed,
                Platform = platform,
                ClientReference = reference,
                Error = new MessagingError(
                    MessagingErrorCode.ProviderUnavailable,
                    $"The send-claim store ({storeName}) failed ({e.GetType().Name}: {e.Message}), so the message was not sent: without its claim the reference could be sent twice. Try again later.",
                    isTransient: true) { Exception = e },
            };
        }

        switch (claim.State)
        {
            case SendClaimState.Completed when claim.Result is { } first:
                Log.ClaimReplayed(logger, platform, first.Status);
                return first.AsReplay();
            case SendClaimState.Completed:
            case SendClaimState.InProgress:
                Log.ClaimInProgress(logger, platform);
                return new SendResult
                {
                    Status = SendStatus.Unknown,
                    Platform = platform,
                    ClientReference = reference,
                    Error = new MessagingError(
                        MessagingErrorCode.Unknown,
                        $"A send with the same ClientReference is in flight (on this or another instance), so this one was not sent. Send again later to get its result.",
                        isTransient: true),
                };
        }

        var result = await send(message, cancellationToken).ConfigureAwait(false);
        try
        {
            // Not the caller's token: the outcome must be stored even if the caller gives up now.
            if (ProvesNothingSent(result))
            {
                await store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await store.CompleteAsync(key, result, lifetime, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            // The send itself is over and its result is the caller's; the claim stays in progress until its lifetime ends.
            Log.ClaimCompleteFailed(logger, e, store.GetType().Name, platform, result.Status);
        }

        return result;
    }

    /// <summary>
    /// Rejected, or failed: a repeat may send it. A send that may have reached a provider never ends
    /// <see cref="SendStatus.Failed"/> (it is Accepted or Unknown, see <c>SendPipeline.Failed</c>), so a failure after
    /// provider calls proves nothing was sent as surely as one before them; keeping the claim would replay the failure
    /// to every retry of the job for the claim's whole lifetime.
    /// </summary>
    internal static bool ProvesNothingSent(SendResult result) =>
        result.Status is SendStatus.Rejected or SendStatus.Failed;
}
