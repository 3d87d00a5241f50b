using System.Runtime.CompilerServices;

namespace Nutritionist.Messaging.Bulk;

/// <summary>Sends batches through any <see cref="IMessagingClient"/>.</summary>
public static class BulkSendExtensions
{
    /// <summary>
    /// Sends every message with bounded concurrency and returns a result for each, in input order. Cancelling stops new
    /// sends; the ones in flight are finished and reported, and the method returns normally with
    /// <see cref="BulkSendResult.Cancelled"/> set.
    /// </summary>
    /// <remarks>
    /// With the library's client, the messages are taken in chunks of <see cref="BulkSendOptions.OptOutLookupBatchSize"/>:
    /// each chunk's recipients are looked up in the opt-out store at once (<see cref="OptOut.IOptOutStore.GetOptedOutAsync"/>),
    /// opted-out ones get <see cref="MessagingErrorCode.OptedOut"/> without a provider call, and if the lookup fails the
    /// chunk's messages fail (<see cref="MessagingErrorCode.ProviderUnavailable"/>, naming the store) unsent. Every other
    /// message is sent as by <see cref="IMessagingClient.SendAsync"/>, except that the chunk's lookup stands for its own
    /// opt-out read: a STOP stored while a chunk goes out is the same race as one stored just after a single send's check,
    /// and the next chunk's lookup sees it. Messages with a <see cref="OutboundMessage.ClientReference"/> are left to
    /// their send claim and read the opt-out store themselves. The chunk's accepted messages are recorded in the delivery
    /// tracker together, once the chunk's sends are done (<see cref="Delivery.IDeliveryTracker.RecordAcceptedManyAsync"/>);
    /// a tracker failure is logged and never changes a result.
    /// </remarks>
    /// <param name="client">The client.</param>
    /// <param name="messages">The messages.</param>
    /// <param name="options">Concurrency; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Told after each message.</param>
    /// <param name="cancellationToken">Stops new sends.</param>
    /// <returns>The results and a summary.</returns>
    public static Task<BulkSendResult> SendManyAsync(
        this IMessagingClient client,
        IEnumerable<OutboundMessage> messages,
        BulkSendOptions? options = null,
        IProgress<BulkSendProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(messages);
        int? total = messages.TryGetNonEnumeratedCount(out var count) ? count : null;
        return SendCoreAsync(client, ToAsync(messages), total, options, progress, cancellationToken);
    }

    /// <summary>Sends a stream of messages; see <see cref="SendManyAsync(IMessagingClient, IEnumerable{OutboundMessage}, BulkSendOptions?, IProgress{BulkSendProgress}?, CancellationToken)"/>.</summary>
    /// <param name="client">The client.</param>
    /// <param name="messages">The messages, read as they are needed.</param>
    /// <param name="options">Concurrency; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Told after each message.</param>
    /// <param name="cancellationToken">Stops new sends.</param>
    /// <returns>The results and a summary.</returns>
    public static Task<BulkSendResult> SendManyAsync(
        this IMessagingClient client,
        IAsyncEnumerable<OutboundMessage> messages,
        BulkSendOptions? options = null,
        IProgress<BulkSendProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(messages);
        return SendCoreAsync(client, messages, null, options, progress, cancellationToken);
    }

    private static async Task<BulkSendResult> SendCoreAsync(
        IMessagingClient client,
        IAsyncEnumerable<OutboundMessage> messages,
        int? total,
        BulkSendOptions? options,
        IProgress<BulkSendProgress>? progress,
        CancellationToken cancellationToken)
    {
        var defaults = new BulkSendOptions();
        var concurrency = options?.MaxConcurrency ?? defaults.MaxConcurrency;
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1, "options.MaxConcurrency");
        var lookupBatch = options?.OptOutLookupBatchSize ?? defaults.OptOutLookupBatchSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(lookupBatch, 1, "options.OptOutLookupBatchSize");

        // The router checks a chunk's opt-outs in one lookup; any other client gets the messages one by one, as they come.
        var precheck = client as IBulkSendPrecheck;
        var chunkSize = precheck is null ? 1 : lookupBatch;

        var items = new List<BulkSendItem>(total ?? 16);
        var running = new List<Task>(concurrency);
        var chunk = new List<(int Index, OutboundMessage Message)>(chunkSize);
        using var slots = new SemaphoreSlim(concurrency);
        var completed = 0;
        var accepted = 0;
        var cancelled = false;
        var gate = new Lock();

        await foreach (var message in messages.WithCancellation(CancellationToken.None).ConfigureAwait(false))
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            lock (gate)
            {
                chunk.Add((items.Count, message));
                items.Add(new BulkSendItem(items.Count, message, null));
            }

            if (chunk.Count == chunkSize && !await SendChunkAsync().ConfigureAwait(false))
            {
                cancelled = true;
                break;
            }
        }

        if (!cancelled && chunk.Count > 0)
        {
            cancelled = !await SendChunkAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        return new BulkSendResult(items, cancelled || cancellationToken.IsCancellationRequested);

        // Sends (or answers) the chunk's messages; false when cancelled before all of them were started.
        async Task<bool> SendChunkAsync()
        {
            var refused = new SendResult?[chunk.Count];
            if (precheck is not null)
            {
                try
                {
                    refused = await precheck.PrecheckAsync([.. chunk.Select(c => c.Message)], cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
            }

            var sends = new List<(OutboundMessage Message, Task<SendResult> Send)>(chunk.Count);
            try
            {
                for (var i = 0; i < chunk.Count; i++)
                {
                    var (index, message) = chunk[i];
                    if (refused[i] is { } result)
                    {
                        Complete(index, result);
                        continue;
                    }

                    try
                    {
                        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        return false;
                    }

                    var send = SendOneAsync(index, message, prechecked: precheck is not null);
                    sends.Add((message, send));
                    running.Add(send);
                    running.RemoveAll(static t => t.IsCompleted);
                }

                chunk.Clear();
                return true;
            }
            finally
            {
                // The chunk's acceptances are recorded together once its sends are done: the started ones also when the
                // rest of the chunk was cancelled.
                if (precheck is not null && sends.Count > 0)
                {
                    running.Add(RecordChunkAsync(sends));
                }
            }
        }

        async Task<SendResult> SendOneAsync(int index, OutboundMessage message, bool prechecked)
        {
            try
            {
                // Not the caller's token: a send that has started is finished, so its outcome is known and reported.
                var result = prechecked
                    ? await precheck!.SendPrecheckedAsync(message, CancellationToken.None).ConfigureAwait(false)
                    : await client.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
                Complete(index, result);
                return result;
            }
            finally
            {
                slots.Release();
            }
        }

        async Task RecordChunkAsync(List<(OutboundMessage Message, Task<SendResult> Send)> sends)
        {
            // A send that threw (a bug: sends report results) is reported by the final WhenAll; the others are still recorded.
            await ((Task)Task.WhenAll(sends.Select(static s => s.Send))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await precheck!.RecordSentAsync([.. sends.Where(static s => s.Send.IsCompletedSuccessfully).Select(static s => (s.Message, s.Send.Result))]).ConfigureAwait(false);
        }

        void Complete(int index, SendResult result)
        {
            BulkSendProgress snapshot;
            lock (gate)
            {
                items[index] = items[index] with { Result = result };
                completed++;
                accepted += result.IsSuccess ? 1 : 0;
                snapshot = new BulkSendProgress(completed, total, accepted, completed - accepted);
            }

            progress?.Report(snapshot);
        }
    }

    private static async IAsyncEnumerable<OutboundMessage> ToAsync(IEnumerable<OutboundMessage> messages, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var message in messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return message;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
