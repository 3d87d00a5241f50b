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
        var concurrency = options?.MaxConcurrency ?? new BulkSendOptions().MaxConcurrency;
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1, "options.MaxConcurrency");

        var items = new List<BulkSendItem>(total ?? 16);
        var running = new List<Task>(concurrency);
        using var slots = new SemaphoreSlim(concurrency);
        var completed = 0;
        var accepted = 0;
        var cancelled = false;
        var gate = new Lock();

        await foreach (var message in messages.WithCancellation(CancellationToken.None).ConfigureAwait(false))
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            int index;
            lock (gate)
            {
                index = items.Count;
                items.Add(new BulkSendItem(index, message, null));
            }

            try
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            running.Add(SendOneAsync(index, message));
            running.RemoveAll(static t => t.IsCompleted);
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        return new BulkSendResult(items, cancelled || cancellationToken.IsCancellationRequested);

        async Task SendOneAsync(int index, OutboundMessage message)
        {
            try
            {
                // Not the caller's token: a send that has started is finished, so its outcome is known and reported.
                var result = await client.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
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
            finally
            {
                slots.Release();
            }
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
