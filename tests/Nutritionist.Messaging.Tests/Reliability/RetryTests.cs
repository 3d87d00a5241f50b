using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Reliability;

public class RetryTests
{
    private const string To = "+12015550123";

    private static MessagingHarness Harness(Action<MessagingOptions>? configure = null) => new(o =>
    {
        o.Retry.MaxAttempts = 4;
        o.CircuitBreaker.Enabled = false;
        configure?.Invoke(o);
    });

    [Test]
    public async Task Throttling_is_retried_until_accepted_and_the_result_reports_the_attempts()
    {
        using var harness = Harness();
        var calls = 0;
        harness.Sms.OnSend = (_, _) => ++calls < 3
            ? throw new MessagingException(MessagingErrorCode.Throttled, "Rate exceeded", "ThrottlingException", 400, isTransient: true)
            : Task.FromResult(new ProviderReceipt("m-1"));

        var result = await harness.SendAdvancingTimeAsync(new OutboundMessage(To, "Hi"));

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(result.Attempts, Is.EqualTo(3));
        Assert.That(harness.Sms.Calls, Is.EqualTo(3));
    }

    [Test]
    public async Task Retry_After_from_the_provider_is_honoured()
    {
        using var harness = Harness();
        var callTimes = new List<DateTimeOffset>();
        harness.WhatsApp.OnSend = (_, _) =>
        {
            callTimes.Add(harness.Time.GetUtcNow());
            return callTimes.Count == 1
                ? throw new MessagingException(MessagingErrorCode.Throttled, "Too many requests", "20429", 429, isTransient: true) { RetryAfter = TimeSpan.FromSeconds(3) }
                : Task.FromResult(new ProviderReceipt("SM1"));
        };

        var result = await harness.SendAdvancingTimeAsync(new OutboundMessage(To, "Hi") { Platform = MessagingPlatform.WhatsApp });

        Assert.That(result.IsSuccess, Is.True);
        Assert.That(callTimes[1] - callTimes[0], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task Persistent_throttling_fails_after_the_configured_attempts()
    {
        using var harness = Harness();
        harness.Sms.OnSend = (_, _) => throw new MessagingException(MessagingErrorCode.Throttled, "Rate exceeded", "ThrottlingException", 400, isTransient: true);

        var result = await harness.SendAdvancingTimeAsync(new OutboundMessage(To, "Hi"));

        Assert.That(result.Status, Is.EqualTo(SendStatus.Failed));
        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.Throttled));
        Assert.That(result.Attempts, Is.EqualTo(4));
        Assert.That(harness.Sms.Calls, Is.EqualTo(4));
    }

    [Test]
    public async Task An_ambiguous_failure_is_not_retried_and_ends_as_unknown()
    {
        using var harness = Harness();
        harness.Sms.OnSend = (_, _) => throw new MessagingException(MessagingErrorCode.ProviderUnavailable, "timed out after the request was sent", "Timeout", isTransient: true) { MayHaveBeenSent = true };

        var result = await harness.SendAdvancingTimeAsync(new OutboundMessage(To, "Hi"));

        Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
        Assert.That(result.Attempts, Is.EqualTo(1));
        Assert.That(harness.Sms.Calls, Is.EqualTo(1), "a retried POST can text a person twice");
    }

    [Test]
    public async Task Ambiguous_failures_are_retried_only_when_the_caller_opts_in()
    {
        using var harness = Harness(o => o.RetryAmbiguousFailures = true);
        var calls = 0;
        harness.Sms.OnSend = (_, _) => ++calls == 1
            ? throw new MessagingException(MessagingErrorCode.ProviderUnavailable, "502 Bad Gateway", "502", 502, isTransient: true) { MayHaveBeenSent = true }
            : Task.FromResult(new ProviderReceipt("m-2"));

        var result = await harness.SendAdvancingTimeAsync(new OutboundMessage(To, "Hi"));

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(result.Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task A_connection_refused_before_sending_is_retried()
    {
        using var harness = Harness();
        var calls = 0;
        harness.Sms.OnSend = (_, _) => ++calls == 1
            ? throw new MessagingException(MessagingErrorCode.ProviderUnavailable, "Connection refused", "ConnectionRefused", isTransient: true)
            : Task.FromResult(new ProviderReceipt("m-3"));

        var result = await harness.SendAdvancingTimeAsync(new OutboundMessage(To, "Hi"));

        Assert.That(result.Attempts, Is.EqualTo(2));
        Assert.That(result.IsSuccess, Is.True);
    }

    [TestCase(MessagingErrorCode.InvalidRecipient)]
    [TestCase(MessagingErrorCode.AuthenticationFailed)]
    [TestCase(MessagingErrorCode.QuotaExceeded)]
    public async Task Permanent_failures_are_not_retried(MessagingErrorCode code)
    {
        using var harness = Harness();
        harness.Sms.OnSend = (_, _) => throw new MessagingException(code, "no", "X", 400, isTransient: false);

        var result = await harness.SendAdvancingTimeAsync(new OutboundMessage(To, "Hi"));

        Assert.That(result.Attempts, Is.EqualTo(1));
        Assert.That(harness.Sms.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task A_Retry_After_beyond_the_time_budget_is_not_waited_for()
    {
        using var harness = Harness(o => o.Retry.TotalBudget = TimeSpan.FromSeconds(10));
        harness.Sms.OnSend = (_, _) => throw new MessagingException(MessagingErrorCode.Throttled, "slow down", "ThrottlingException", 400, isTransient: true) { RetryAfter = TimeSpan.FromMinutes(1) };

        var result = await harness.SendAdvancingTimeAsync(new OutboundMessage(To, "Hi"));

        Assert.That(result.Status, Is.EqualTo(SendStatus.Failed));
        Assert.That(result.Attempts, Is.EqualTo(1));
        Assert.That(result.Error!.IsTransient, Is.True);
    }

    [Test]
    public async Task The_circuit_opens_after_repeated_outages_then_fails_fast_until_a_probe_succeeds()
    {
        using var harness = new MessagingHarness(o =>
        {
            o.Retry.MaxAttempts = 1;
            o.CircuitBreaker.MinimumThroughput = 4;
            o.CircuitBreaker.FailureRatio = 0.5;
            o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(10);
        });
        var down = true;
        harness.Sms.OnSend = (_, _) => down
            ? throw new MessagingException(MessagingErrorCode.ProviderUnavailable, "Connection refused", "ConnectionRefused", isTransient: true)
            : Task.FromResult(new ProviderReceipt("back"));

        for (var i = 0; i < 4; i++)
        {
            await harness.Client.SendAsync(MessagingPlatform.Sms, To, "Hi");
        }

        var callsWhenOpened = harness.Sms.Calls;
        var fastFailure = await harness.Client.SendAsync(MessagingPlatform.Sms, To, "Hi");

        Assert.That(callsWhenOpened, Is.EqualTo(4));
        Assert.That(fastFailure.Status, Is.EqualTo(SendStatus.Failed));
        Assert.That(fastFailure.Error!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(fastFailure.Error.ProviderCode, Is.EqualTo("CircuitOpen"));
        Assert.That(harness.Sms.Calls, Is.EqualTo(4), "an open circuit does not call the provider");

        down = false;
        harness.Time.Advance(TimeSpan.FromSeconds(11));
        var probe = await harness.Client.SendAsync(MessagingPlatform.Sms, To, "Hi");
        var after = await harness.Client.SendAsync(MessagingPlatform.Sms, To, "Hi");

        Assert.That(probe.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(after.Status, Is.EqualTo(SendStatus.Accepted));
    }

    [Test]
    public async Task The_circuit_breaker_counts_every_retried_attempt_and_stops_the_retries_once_open()
    {
        // Retry sits outside the breaker: each attempt of one send is a sample, and once the breaker opens the
        // remaining retries fail fast without calling the provider.
        using var harness = new MessagingHarness(o =>
        {
            o.Retry.MaxAttempts = 6;
            o.CircuitBreaker.Enabled = true;
            o.CircuitBreaker.MinimumThroughput = 3;
            o.CircuitBreaker.FailureRatio = 0.5;
            o.CircuitBreaker.BreakDuration = TimeSpan.FromMinutes(5);
        });
        harness.Sms.OnSend = (_, _) => throw new MessagingException(MessagingErrorCode.ProviderUnavailable, "Connection refused", "ConnectionRefused", isTransient: true);

        var result = await harness.SendAdvancingTimeAsync(new OutboundMessage(To, "Hi"));
        var next = await harness.Client.SendAsync(MessagingPlatform.Sms, To, "Hi");

        Assert.That(harness.Sms.Calls, Is.EqualTo(3), "the third failed attempt opens the circuit; no later attempt reaches the provider");
        Assert.That(result.Status, Is.EqualTo(SendStatus.Failed));
        Assert.That(result.Error!.ProviderCode, Is.EqualTo("CircuitOpen"));
        Assert.That(next.Error!.ProviderCode, Is.EqualTo("CircuitOpen"));
    }

    [Test]
    public async Task A_send_that_succeeds_at_once_makes_one_attempt_with_retry_and_breaker_on()
    {
        using var harness = new MessagingHarness(o =>
        {
            o.Retry.MaxAttempts = 3;
            o.CircuitBreaker.Enabled = true;
        });
        harness.Sms.OnSend = (_, _) => Task.FromResult(new ProviderReceipt("first-time"));

        var result = await harness.Client.SendAsync(MessagingPlatform.Sms, To, "Hi");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(result.MessageId, Is.EqualTo("first-time"));
        Assert.That(result.Attempts, Is.EqualTo(1));
        Assert.That(harness.Sms.Calls, Is.EqualTo(1));
    }
}
