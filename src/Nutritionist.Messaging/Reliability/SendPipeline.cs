using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Internal;
using Nutritionist.Messaging.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;

namespace Nutritionist.Messaging.Reliability;

/// <summary>
/// The resilience around one provider, built once on Polly: retry (outermost, only where the provider certainly did not
/// take the message), circuit breaker, client-side rate limiter, then the provider call.
/// </summary>
/// <remarks>Thread-safe: one instance serves every send to its provider.</remarks>
internal sealed class SendPipeline
{
    private static readonly ResiliencePropertyKey<SendCall> CallKey = new("Nutritionist.Messaging.SendCall");

    private readonly ResiliencePipeline<ProviderReceipt> _pipeline;
    private readonly MessagingPlatform _platform;
    private readonly string _providerName;
    private readonly TimeProvider _time;
    private readonly TimeSpan _budget;
    private readonly bool _retryAmbiguous;
    private readonly ILogger _logger;

    public SendPipeline(MessagingPlatform platform, string providerName, MessagingOptions options, TimeProvider time, ILogger logger, MessagingInstrumentation? instrumentation = null)
    {
        _platform = platform;
        _providerName = providerName;
        _time = time;
        _budget = options.Retry.TotalBudget;
        _retryAmbiguous = options.RetryAmbiguousFailures;
        _logger = logger;

        var builder = new ResiliencePipelineBuilder<ProviderReceipt> { TimeProvider = time, Name = "Nutritionist.Messaging." + providerName };
        if (options.Retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<ProviderReceipt>
            {
                MaxRetryAttempts = options.Retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context)),
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Exception is MessagingException { RetryAfter: { } after } ? after : (TimeSpan?)null),
                OnRetry = args =>
                {
                    var e = (MessagingException)args.Outcome.Exception!;
                    Log.Retrying(_logger, _platform, _providerName, args.AttemptNumber + 1, e.Code, e.ProviderCode, args.RetryDelay);
                    instrumentation?.RecordRetry(_platform, _providerName, e.Code);
                    return ValueTask.CompletedTask;
                },
            });
        }

        var breaker = options.CircuitBreaker;
        if (breaker.Enabled)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<ProviderReceipt>
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is MessagingException { Code: MessagingErrorCode.ProviderUnavailable }),
                OnOpened = args =>
                {
                    Log.CircuitOpened(_logger, _platform, _providerName, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    Log.CircuitClosed(_logger, _platform, _providerName);
                    return ValueTask.CompletedTask;
                },
            });
        }

        var rate = platform == MessagingPlatform.Sms ? options.RateLimits.SmsMessagesPerSecond : options.RateLimits.WhatsAppMessagesPerSecond;
        if (rate is { } perSecond)
        {
            builder.AddRateLimiter(new StrictWindowRateLimiter(perSecond, TimeSpan.FromSeconds(1), options.RateLimits.QueueLimit, time)
            {
                OnWait = instrumentation is null ? null : wait => instrumentation.RecordRateLimitWait(platform, wait),
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>Runs one send through the pipeline: the receipt, or the failure that decides the result.</summary>
    /// <remarks>Throws only what the provider threw that is not a <see cref="MessagingException"/> (a provider bug) and cancellation.</remarks>
    public async Task<SendAttempt> ExecuteAsync<TMessage>(Func<TMessage, CancellationToken, Task<ProviderReceipt>> send, TMessage message, CancellationToken cancellationToken)
    {
        var call = new SendCall(_time.GetTimestamp());
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        try
        {
            var receipt = await _pipeline.ExecuteAsync(
                static async (context, state) =>
                {
                    state.Call.Attempts++;
                    try
                    {
                        return await state.Send(state.Message, context.CancellationToken).ConfigureAwait(false);
                    }
                    catch (MessagingException e) when (e.MayHaveBeenSent)
                    {
                        state.Call.Ambiguous ??= e;
                        throw;
                    }
                },
                context,
                (Send: send, Message: message, Call: call)).ConfigureAwait(false);
            return new SendAttempt(receipt, null, call.Attempts);
        }
        catch (MessagingException e)
        {
            return Failed(e, call);
        }
        catch (BrokenCircuitException e)
        {
            return Failed(new MessagingException(
                MessagingErrorCode.ProviderUnavailable,
                $"The {_providerName} provider failed repeatedly; sends fail fast until the circuit breaker's next probe{(e.RetryAfter is { } r ? $" (in {r.TotalSeconds:0.#} s)" : string.Empty)}.",
                "CircuitOpen",
                isTransient: true,
                innerException: e)
            { RetryAfter = e.RetryAfter }, call);
        }
        catch (RateLimiterRejectedException e)
        {
            return Failed(new MessagingException(
                MessagingErrorCode.Throttled,
                $"The client-side {_platform} rate limit is reached and {nameof(MessagingRateLimitOptions.QueueLimit)} sends are already waiting; the message was not sent.",
                "ClientRateLimit",
                isTransient: true,
                innerException: e)
            { RetryAfter = e.RetryAfter }, call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// The ambiguity rule: once any attempt may have reached the provider, that attempt's error decides the result
    /// (Unknown, no fallback), whatever a later attempt met — a throttle, an open circuit, a refusal.
    /// </summary>
    private static SendAttempt Failed(MessagingException last, SendCall call) => new(null, call.Ambiguous ?? last, call.Attempts);

    private bool ShouldRetry(Exception? exception, ResilienceContext context)
    {
        if (exception is not MessagingException { IsTransient: true } e || (e.MayHaveBeenSent && !_retryAmbiguous))
        {
            return false;
        }

        var remaining = _budget - _time.GetElapsedTime(context.Properties.GetValue(CallKey, null!).StartedAt);
        return remaining > TimeSpan.Zero && (e.RetryAfter is not { } after || after <= remaining);
    }

    /// <summary>One send's way through the pipeline: when it started (for the retry budget), its attempts, its first ambiguous failure.</summary>
    private sealed class SendCall(long startedAt)
    {
        public long StartedAt { get; } = startedAt;

        public int Attempts { get; set; }

        public MessagingException? Ambiguous { get; set; }
    }
}

/// <summary>The outcome of one message's way through a <see cref="SendPipeline"/>: a receipt, or the error that decides the result.</summary>
internal readonly record struct SendAttempt(ProviderReceipt? Receipt, MessagingException? Error, int Attempts);
