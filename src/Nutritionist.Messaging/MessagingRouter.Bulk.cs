using Nutritionist.Messaging.Bulk;
using Nutritionist.Messaging.Internal;

namespace Nutritionist.Messaging;

// The bulk pre-check: one opt-out lookup per chunk and platform (IOptOutStore.GetOptedOutAsync) before a chunk of
// SendManyAsync goes out, standing for the gate's per-message opt-out read of the messages it covers.
//
// Why one read per chunk is as safe as one per message: a STOP taken in while a chunk (at most
// BulkSendOptions.OptOutLookupBatchSize messages, sent at once) is going out is the same race as a STOP that arrives a
// millisecond after a single send's own check. Neither read can see the future; both see every opt-out stored before
// they run, and the next chunk's read sees this one. The window is the time one chunk takes to go out, and a single
// send's own window already spans its rate-limit wait and provider call; a caller who wants it smaller lowers the batch size. The rest of the gate
// (number, content, WhatsApp window) still runs per message, and referenced messages keep their own read.
//
// The chunk's acceptances are recorded together too (IDeliveryTracker.RecordAcceptedManyAsync, once the chunk's sends are
// done), one batched write instead of one per message. A delivery update that arrives before that write is kept: the
// acceptance never replaces a recorded status, in any tracker (the conformance kit checks it).
internal sealed partial class MessagingRouter : IBulkSendPrecheck
{
    public Task<SendResult> SendPrecheckedAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        // PrecheckAsync read the opt-out of exactly these: no reference, a valid number, this platform. (A fallback to SMS
        // is another platform, which the gate then reads.) Their acceptance is left to RecordSentAsync.
        return GoesThroughSendAsync(message)
            ? SendAsync(message, cancellationToken)
            : SendCoreAsync(message, message.Platform ?? _options.DefaultPlatform, record: false, cancellationToken);
    }

    /// <summary>A referenced message keeps its send claim and its own opt-out read, so it goes through <see cref="SendAsync(OutboundMessage, CancellationToken)"/>, which also records it.</summary>
    private static bool GoesThroughSendAsync(OutboundMessage message) => !string.IsNullOrEmpty(message.ClientReference);

    public async Task RecordSentAsync(IReadOnlyList<(OutboundMessage Message, SendResult Result)> sent)
    {
        ArgumentNullException.ThrowIfNull(sent);

        var accepted = sent.Where(static s => s.Result.IsSuccess && !GoesThroughSendAsync(s.Message)).Select(static s => s.Result).ToList();
        if (accepted.Count == 0)
        {
            return;
        }

        try
        {
            await _tracker.RecordAcceptedManyAsync(accepted, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The messages went out; a tracker outage must not turn that into failures the caller would retry.
            Log.TrackerBatchFailed(_logger, e, accepted.Count);
        }
    }

    public async Task<SendResult?[]> PrecheckAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var started = _time.GetTimestamp();
        var results = new SendResult?[messages.Count];
        var lookups = new List<(int Index, MessagingPlatform Platform, string Recipient)>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];

            // A referenced message is left to its claim, which may replay the first send's result; an invalid number is
            // left to SendAsync, which reports it. Keys are only ever the normalised E.164 number.
            if (GoesThroughSendAsync(message) || _normalizer.Normalize(message.To) is not { IsValid: true, E164: { } recipient })
            {
                continue;
            }

            lookups.Add((i, message.Platform ?? _options.DefaultPlatform, recipient));
        }

        try
        {
            foreach (var group in lookups.GroupBy(l => l.Platform))
            {
                var optedOut = await _optOuts.GetOptedOutAsync([.. group.Select(l => l.Recipient)], group.Key, cancellationToken).ConfigureAwait(false);
                foreach (var (index, platform, recipient) in group.Where(l => optedOut.Contains(l.Recipient)))
                {
                    results[index] = Reject(messages[index], platform, recipient, MessagingErrorCode.OptedOut, $"The recipient opted out of {platform} messages.");
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Fail closed for the whole chunk: a number that was not checked must not be texted.
            var storeName = _optOuts.GetType().Name;
            Log.BulkOptOutLookupFailed(_logger, e, storeName, lookups.Count);
            foreach (var (index, platform, recipient) in lookups)
            {
                results[index] = new SendResult
                {
                    Status = SendStatus.Failed,
                    Platform = platform,
                    Recipient = recipient,
                    ClientReference = messages[index].ClientReference,
                    Error = new MessagingError(
                        MessagingErrorCode.ProviderUnavailable,
                        $"The opt-out store ({storeName}) failed ({e.GetType().Name}: {e.Message}), so the message was not sent. Try again later.",
                        isTransient: true) { Exception = e },
                };
            }
        }

        foreach (var result in results)
        {
            if (result is not null)
            {
                _instrumentation?.RecordSend(null, result, started);
            }
        }

        return results;
    }
}
