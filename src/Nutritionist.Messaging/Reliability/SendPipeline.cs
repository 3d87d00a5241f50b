using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Internal;
using Nutritionist.Messaging.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;

namespace Nutritionist.Messaging.Reliability;

/// <summary>
/// The resilience around one provider: retry (outermost, only where the provider certainly did not take the message),
/// circuit breaker, then the client-side rate limiter, then the provider call. Built once per provider on Polly.
/// </summary>
internal sealed class SendPipeline
{
    private static readonly ResiliencePropertyKey<long> StartedAt = new("Nutritionist.Messaging.StartedAt");

    private readonly ResiliencePipeline _pipeline;
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

        var builder = new ResiliencePipelineBuilder { TimeProvider = time, Name = "Nutritionist.Messaging." + providerName };
        if (options.Retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
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
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
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
            RateLimiter = new StrictWindowRateLimiter(perSecond, TimeSpan.FromSeconds(1), options.RateLimits.QueueLimit, time)
            {
                OnWait = instrumentation is null ? null : wait => instrumentation.RecordRateLimitWait(platform, wait),
            };
            builder.AddRateLimiter(RateLimiter);
        }

        _pipeline = builder.Build();
    }

    /// <summary>The client-side limiter, when a rate is configured.</summary>
    public StrictWindowRateLimiter? RateLimiter { get; }

    /// <summary>Runs one send through the pipeline. Returns the receipt, or the classified failure; never throws for a provider outcome.</summary>
    public async ValueTask<SendAttempt> ExecuteAsync<TMessage>(Func<TMessage, CancellationToken, Task<ProviderReceipt>> send, TMessage message, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StartedAt, _time.GetTimestamp());
        var state = new CallState<TMessage>(send, message);
        try
        {
            var receipt = await _pipeline.ExecuteAsync(
                static async (ctx, s) =>
                {
                    s.Attempts++;
                    return await s.Send(s.Message, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                state).ConfigureAwait(false);
            return new SendAttempt(receipt, null, state.Attempts);
        }
        catch (MessagingException e)
        {
            return new SendAttempt(null, e, state.Attempts);
        }
        catch (BrokenCircuitException e)
        {
            var retryAfter = e.RetryAfter;
            return new SendAttempt(null, new MessagingException(
                MessagingErrorCode.ProviderUnavailable,
                $"The {_providerName} provider failed repeatedly; sends fail fast until the circuit breaker's next probe{(retryAfter is { } r ? $" (in {r.TotalSeconds:0.#} s)" : string.Empty)}.",
                "CircuitOpen",
                isTransient: true,
                innerException: e)
            { RetryAfter = retryAfter }, state.Attempts);
        }
        catch (RateLimiterRejectedException e)
        {
            return new SendAttempt(null, new MessagingException(
                MessagingErrorCode.Throttled,
                $"The client-side {_platform} rate limit is reached and {nameof(MessagingRateLimitOptions.QueueLimit)} sends are already waiting; the message was not sent.",
                "ClientRateLimit",
                isTransient: true,
                innerException: e)
            { RetryAfter = e.RetryAfter }, state.Attempts);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool ShouldRetry(Exception? exception, ResilienceContext context)
    {
        if (exception is not MessagingException { IsTransient: true } e || (e.MayHaveBeenSent && !_retryAmbiguous))
        {
            return false;
        }

        var elapsed = _time.GetElapsedTime(context.Properties.GetValue(StartedAt, 0L));
        var remaining = _budget - elapsed;
        return remaining > TimeSpan.Zero && (e.RetryAfter is not { } after || after <= remaining);
    }

    private sealed class CallState<TMessage>(Func<TMessage, CancellationToken, Task<ProviderReceipt>> send, TMessage message)
    {
        public Func<TMessage, CancellationToken, Task<ProviderReceipt>> Send { get; } = send;

        public TMessage Message { get; } = message;

        public int Attempts { get; set; }
    }
}

/// <summary>The outcome of one message's way through a <see cref="SendPipeline"/>.</summary>
internal readonly record struct SendAttempt(ProviderReceipt? Receipt, MessagingException? Error, int Attempts);
