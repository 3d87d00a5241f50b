using System.Runtime.CompilerServices;
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
    // The call's own state (its start time for the retry budget, its attempt count), as a reference: a long property would be boxed per send.
    private static readonly ResiliencePropertyKey<CallStateBase> State = new("Nutritionist.Messaging.CallState");

    // Two pipelines that nest as one would: the retry (when enabled) around the circuit breaker and rate limiter. The first
    // attempt runs the inner one alone and enters the retry only after a failure, handing it that attempt's outcome: Polly
    // retries exactly as before, but a send that succeeds at once (almost every send) skips the retry strategy's async
    // layer and its state machine box (about 0.3 KB per send that waits for the network).
    private readonly ResiliencePipeline<ProviderReceipt> _inner;
    private readonly ResiliencePipeline<ProviderReceipt>? _retry;
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

        // Typed to the receipt: an untyped pipeline bridges every outcome to object and back, with an async box per layer.
        var name = "Nutritionist.Messaging." + providerName;
        if (options.Retry.MaxAttempts > 1)
        {
            _retry = new ResiliencePipelineBuilder<ProviderReceipt> { TimeProvider = time, Name = name }.AddRetry(new RetryStrategyOptions<ProviderReceipt>
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
            }).Build();
        }

        var builder = new ResiliencePipelineBuilder<ProviderReceipt> { TimeProvider = time, Name = name };
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
            RateLimiter = new StrictWindowRateLimiter(perSecond, TimeSpan.FromSeconds(1), options.RateLimits.QueueLimit, time)
            {
                OnWait = instrumentation is null ? null : wait => instrumentation.RecordRateLimitWait(platform, wait),
            };
            builder.AddRateLimiter(RateLimiter);
        }

        _inner = builder.Build();
    }

    /// <summary>The client-side limiter, when a rate is configured.</summary>
    public StrictWindowRateLimiter? RateLimiter { get; }

    /// <summary>Runs one send through the pipeline. Returns the receipt, or the classified failure; never throws for a provider outcome.</summary>
    // Pooled state machine, and Polly's outcome API with a pooled callback: a send waits for the network, so each async
    // layer here would otherwise allocate a box per message (and a failure would be thrown and caught once more).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SendAttempt> ExecuteAsync<TMessage>(Func<TMessage, CancellationToken, Task<ProviderReceipt>> send, TMessage message, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var state = new CallState<TMessage>(send, message, _inner) { StartedAt = _time.GetTimestamp() };
        context.Properties.Set(State, state);
        Outcome<ProviderReceipt> outcome;
        try
        {
            outcome = await _inner.ExecuteOutcomeAsync(CallState<TMessage>.Invoke, context, state).ConfigureAwait(false);
            if (outcome.Exception is not null && _retry is not null)
            {
                // The retry strategy sees this outcome as its first attempt's and decides, backs off and retries as usual.
                state.FirstFailure = outcome.Exception;
                outcome = await _retry.ExecuteOutcomeAsync(CallState<TMessage>.FirstThenInner, context, state).ConfigureAwait(false);
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        // Once any attempt may have reached the provider, the send is ambiguous whatever the later attempts met (a
        // throttle, an open circuit): the result is that attempt's error, so it ends Unknown and never falls back.
        if (outcome.Exception is not null && state.Ambiguous is { } ambiguous && outcome.Exception is not OperationCanceledException)
        {
            return new SendAttempt(null, ambiguous, state.Attempts);
        }

        return outcome.Exception switch
        {
            null => new SendAttempt(outcome.Result, null, state.Attempts),
            MessagingException e => new SendAttempt(null, e, state.Attempts),
            BrokenCircuitException e => new SendAttempt(null, new MessagingException(
                MessagingErrorCode.ProviderUnavailable,
                $"The {_providerName} provider failed repeatedly; sends fail fast until the circuit breaker's next probe{(e.RetryAfter is { } r ? $" (in {r.TotalSeconds:0.#} s)" : string.Empty)}.",
                "CircuitOpen",
                isTransient: true,
                innerException: e)
            { RetryAfter = e.RetryAfter }, state.Attempts),
            RateLimiterRejectedException e => new SendAttempt(null, new MessagingException(
                MessagingErrorCode.Throttled,
                $"The client-side {_platform} rate limit is reached and {nameof(MessagingRateLimitOptions.QueueLimit)} sends are already waiting; the message was not sent.",
                "ClientRateLimit",
                isTransient: true,
                innerException: e)
            { RetryAfter = e.RetryAfter }, state.Attempts),

            // Anything else (a provider bug, or the caller's cancellation) surfaces as it was thrown, with its stack trace.
            var e => throw Rethrow(e),
        };
    }

    private static Exception Rethrow(Exception e)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
        return e;
    }

    private bool ShouldRetry(Exception? exception, ResilienceContext context)
    {
        if (exception is not MessagingException { IsTransient: true } e || (e.MayHaveBeenSent && !_retryAmbiguous))
        {
            return false;
        }

        var startedAt = context.Properties.TryGetValue(State, out var state) ? state.StartedAt : 0L;
        var elapsed = _time.GetElapsedTime(startedAt);
        var remaining = _budget - elapsed;
        return remaining > TimeSpan.Zero && (e.RetryAfter is not { } after || after <= remaining);
    }

    private abstract class CallStateBase
    {
        public long StartedAt { get; init; }

        public int Attempts { get; set; }

        /// <summary>The first failure after which the provider may have taken the message.</summary>
        public MessagingException? Ambiguous { get; set; }
    }

    private sealed class CallState<TMessage>(Func<TMessage, CancellationToken, Task<ProviderReceipt>> send, TMessage message, ResiliencePipeline<ProviderReceipt> inner)
        : CallStateBase
    {
        /// <summary>One provider call, as an outcome (bound once per message type; pooled like the method above).</summary>
        public static readonly Func<ResilienceContext, CallState<TMessage>, ValueTask<Outcome<ProviderReceipt>>> Invoke = InvokeAsync;

        /// <summary>The retry pipeline's callback: the first attempt's outcome, already known, then the inner pipeline per retry.</summary>
        public static readonly Func<ResilienceContext, CallState<TMessage>, ValueTask<Outcome<ProviderReceipt>>> FirstThenInner = static (context, state) =>
        {
            if (state.FirstFailure is { } first)
            {
                state.FirstFailure = null;
                return ValueTask.FromResult(Outcome.FromException<ProviderReceipt>(first));
            }

            return state.Inner.ExecuteOutcomeAsync(Invoke, context, state);
        };

        public Func<TMessage, CancellationToken, Task<ProviderReceipt>> Send { get; } = send;

        public TMessage Message { get; } = message;

        /// <summary>The circuit breaker and rate limiter around each attempt.</summary>
        public ResiliencePipeline<ProviderReceipt> Inner { get; } = inner;

        /// <summary>The first attempt's failure, until the retry strategy has taken it.</summary>
        public Exception? FirstFailure { get; set; }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private static async ValueTask<Outcome<ProviderReceipt>> InvokeAsync(ResilienceContext context, CallState<TMessage> state)
        {
            state.Attempts++;
            try
            {
                return Outcome.FromResult(await state.Send(state.Message, context.CancellationToken).ConfigureAwait(false));
            }
            catch (Exception e)
            {
                if (e is MessagingException { MayHaveBeenSent: true } ambiguous)
                {
                    state.Ambiguous ??= ambiguous;
                }

                return Outcome.FromException<ProviderReceipt>(e);
            }
        }
    }
}

/// <summary>The outcome of one message's way through a <see cref="SendPipeline"/>.</summary>
internal readonly record struct SendAttempt(ProviderReceipt? Receipt, MessagingException? Error, int Attempts);
