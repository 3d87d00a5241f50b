using System.Collections.Concurrent;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>
/// Long-polls the configured SQS queues and feeds each message through <see cref="SqsInboundProcessor"/>, at most
/// <see cref="SqsInboundOptions.MaxConcurrency"/> at once across all queues. A message is deleted only after the pipeline
/// and every handler succeeded (or it was valid but of no interest); anything else is left for SQS to redeliver and, after
/// the queue's <c>maxReceiveCount</c>, to move to the dead-letter queue.
/// </summary>
/// <remarks>
/// On shutdown the pending receives are cancelled and the messages being processed are allowed to finish until the host's
/// shutdown timeout, after which their work is cancelled and they stay in the queue. Receive errors back off
/// exponentially (1 s to 30 s, on <see cref="TimeProvider"/>) instead of spinning.
/// </remarks>
internal sealed class SqsMessagePump : BackgroundService
{
    /// <summary>The DI key of the <see cref="IAmazonSQS"/> client the pump uses (so a host's own client is left alone).</summary>
    public const string SqsClientKey = "Nutritionist.Messaging.Aws.Inbound";

    internal static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private static readonly List<string> SystemAttributes = ["SentTimestamp", "ApproximateReceiveCount"];

    private readonly IAmazonSQS _sqs;
    private readonly SqsInboundProcessor _processor;
    private readonly SqsPumpOptions _options;
    private readonly int _maxConcurrency;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _processingCancellation = new();
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    public SqsMessagePump(
        [FromKeyedServices(SqsClientKey)] IAmazonSQS sqs,
        SqsInboundProcessor processor,
        IOptions<SqsPumpOptions> options,
        IOptions<SqsInboundOptions> processing,
        TimeProvider timeProvider,
        ILogger<SqsMessagePump>? logger = null)
    {
        _sqs = sqs;
        _processor = processor;
        _options = options.Value;
        _maxConcurrency = processing.Value.MaxConcurrency;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _slots = new SemaphoreSlim(_maxConcurrency, _maxConcurrency);
    }

    /// <summary>How many messages are being processed right now (for tests and diagnostics).</summary>
    internal int InFlightCount => _inFlight.Count;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's shutdown timeout ends the grace period of the messages in flight; they then stay in the queue.
        using var registration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _processingCancellation);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        base.Dispose();
        _processingCancellation.Dispose();
        _slots.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        PumpLog.PumpStarted(_logger, _options.QueueUrls.Count, _maxConcurrency);
        try
        {
            var loops = _options.QueueUrls.Select(url => Task.Run(() => ReceiveLoopAsync(url, stoppingToken), CancellationToken.None));
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        finally
        {
            // Nothing is lost: whatever has not finished is still in the queue and becomes visible again.
            await Task.WhenAll(_inFlight.Keys).ConfigureAwait(false);
            PumpLog.PumpStopped(_logger);
        }
    }

    private async Task ReceiveLoopAsync(string queueUrl, CancellationToken stoppingToken)
    {
        var backoff = InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Ask only for as many messages as there are free slots, so nothing waits invisible in memory.
            try
            {
                await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var reserved = 1;
            while (reserved < _options.MaxNumberOfMessages && _slots.Wait(0))
            {
                reserved++;
            }

            List<Message> messages;
            try
            {
                var response = await _sqs.ReceiveMessageAsync(
                    new ReceiveMessageRequest
                    {
                        QueueUrl = queueUrl,
                        MaxNumberOfMessages = reserved,
                        WaitTimeSeconds = _options.WaitTimeSeconds,
                        VisibilityTimeout = _options.VisibilityTimeout is { } visibility ? (int)visibility.TotalSeconds : null,
                        MessageSystemAttributeNames = SystemAttributes,
                    },
                    stoppingToken).ConfigureAwait(false);
                messages = response.Messages ?? [];
                backoff = InitialBackoff;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                _slots.Release(reserved);
                return;
            }
            catch (Exception e)
            {
                // Any receive failure (throttling, network, credentials, a client timeout) is logged and retried after a
                // back-off: a pump that died here would silently stop all inbound traffic and stop the host with it.
                _slots.Release(reserved);
                PumpLog.ReceiveFailed(_logger, e, queueUrl, e.GetType().Name, backoff);
                try
                {
                    await Task.Delay(backoff, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                continue;
            }

            if (reserved > messages.Count)
            {
                _slots.Release(reserved - messages.Count);
            }

            foreach (var message in messages)
            {
                Track(ProcessAndReleaseAsync(queueUrl, message));
            }
        }
    }

    private void Track(Task task)
    {
        _inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(
            static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _),
            _inFlight,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task ProcessAndReleaseAsync(string queueUrl, Message message)
    {
        // Off the receive loop, so a slow handler never delays the next receive.
        await Task.Yield();
        try
        {
            await ProcessAsync(queueUrl, message, _processingCancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task ProcessAsync(string queueUrl, Message message, CancellationToken cancellationToken)
    {
        PumpLog.Body(_logger, message.MessageId, queueUrl, message.Body);
        var receivedAt = SentTimestamp(message) ?? _timeProvider.GetUtcNow();
        SqsProcessResult result;
        try
        {
            result = await _processor.ProcessAsync(message.Body, receivedAt, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown outlasted the grace period: the message stays in the queue and comes back.
            return;
        }
        catch (Exception e)
        {
            // An application handler may throw anything; the message is left for redelivery, the pump carries on.
            var (kind, providerMessageId, party) = SqsInboundProcessor.Describe(message.Body, receivedAt);
            PumpLog.MessageFailed(_logger, e, kind, providerMessageId, party, message.MessageId, e.GetType().Name, ReceiveCount(message));
            return;
        }

        if (!result.CanDelete)
        {
            PumpLog.MessageRejected(_logger, message.MessageId, queueUrl, result.Reason, result.Detail, ReceiveCount(message));
            return;
        }

        if (result.Kind == SqsBodyKind.Ignored)
        {
            PumpLog.MessageIgnored(_logger, message.MessageId, queueUrl, result.Detail);
        }
        else
        {
            PumpLog.MessageProcessed(_logger, result.Kind, result.ProviderMessageId, result.Party ?? "(none)", message.MessageId);
        }

        try
        {
            await _sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Processed but not deleted: it comes back once, and the handlers see it again (at-least-once).
        }
        catch (Exception e) when (e is AmazonSQSException or Amazon.Runtime.AmazonClientException or Amazon.Runtime.AmazonServiceException
            or HttpRequestException or IOException or OperationCanceledException)
        {
            PumpLog.DeleteFailed(_logger, e, message.MessageId, queueUrl, e.GetType().Name);
        }
    }

    private static DateTimeOffset? SentTimestamp(Message message) =>
        message.Attributes is { } attributes
        && attributes.TryGetValue("SentTimestamp", out var sent)
        && long.TryParse(sent, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    private static string? ReceiveCount(Message message) =>
        message.Attributes is { } attributes && attributes.TryGetValue("ApproximateReceiveCount", out var count) ? count : null;
}
