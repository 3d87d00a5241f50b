using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Idempotency;

// A ClientReference makes a send happen once: later sends with it get the first result and reach no provider.
public class IdempotentSendTests
{
    private const string Number = "+12015550123";

    [Test]
    public async Task A_repeated_reference_returns_the_first_result_without_a_provider_call()
    {
        using var harness = new MessagingHarness();
        var first = await harness.Client.SendAsync(new OutboundMessage(Number, "Your plan") { ClientReference = "order-1" });
        var second = await harness.Client.SendAsync(new OutboundMessage(Number, "Your plan") { ClientReference = "order-1" });
        var other = await harness.Client.SendAsync(new OutboundMessage(Number, "Your plan") { ClientReference = "order-2" });

        Assert.Multiple(() =>
        {
            Assert.That(harness.Sms.Calls, Is.EqualTo(2), "order-1 once, order-2 once");
            Assert.That(first.IsReplay, Is.False);
            Assert.That(second.IsReplay, Is.True);
            Assert.That(second.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That(second.MessageId, Is.EqualTo(first.MessageId));
            Assert.That(other.MessageId, Is.Not.EqualTo(first.MessageId));
        });
    }

    [Test]
    public async Task Sends_without_a_reference_are_never_deduplicated()
    {
        using var harness = new MessagingHarness();
        await harness.Client.SendAsync(new OutboundMessage(Number, "Hi"));
        await harness.Client.SendAsync(new OutboundMessage(Number, "Hi"));

        Assert.That(harness.Sms.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task A_send_in_flight_makes_a_concurrent_repeat_unknown_and_unsent()
    {
        using var harness = new MessagingHarness();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Sms.OnSend = async (_, _) =>
        {
            entered.TrySetResult();
            await release.Task;
            return new ProviderReceipt("sms-slow");
        };

        var first = harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "job-7" });
        await entered.Task;
        var repeat = await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "job-7" });
        release.SetResult();
        await first;
        var later = await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "job-7" });

        Assert.Multiple(() =>
        {
            Assert.That(repeat.Status, Is.EqualTo(SendStatus.Unknown));
            Assert.That(repeat.Error!.Message, Does.Contain("in flight"));
            Assert.That(harness.Sms.Calls, Is.EqualTo(1));
            Assert.That(later.IsReplay, Is.True);
            Assert.That(later.MessageId, Is.EqualTo("sms-slow"));
        });
    }

    [Test]
    public async Task A_send_refused_before_any_provider_call_releases_the_reference()
    {
        using var harness = new MessagingHarness();
        await harness.OptOuts.OptOutAsync(Number, MessagingPlatform.Sms);
        var refused = await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "retry-me" });
        await harness.OptOuts.OptInAsync(Number, MessagingPlatform.Sms);
        var retried = await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "retry-me" });

        Assert.Multiple(() =>
        {
            Assert.That(refused.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
            Assert.That(retried.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That(retried.IsReplay, Is.False);
            Assert.That(harness.Sms.Calls, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_ambiguous_first_send_is_replayed_as_unknown_not_sent_again()
    {
        using var harness = new MessagingHarness();
        harness.Sms.OnSend = (_, _) => throw new MessagingException(MessagingErrorCode.ProviderUnavailable, "timed out after the request left") { MayHaveBeenSent = true };
        var first = await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "maybe" });
        harness.Sms.OnSend = null;
        var second = await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "maybe" });

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(SendStatus.Unknown));
            Assert.That(second.Status, Is.EqualTo(SendStatus.Unknown));
            Assert.That(second.IsReplay, Is.True);
            Assert.That(harness.Sms.Calls, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_send_the_provider_certainly_did_not_take_releases_the_reference()
    {
        // The provider answered "unavailable" before taking the message: the job's retry must send it, not replay the
        // failure for the claim's whole lifetime.
        using var harness = new MessagingHarness(configure: o => o.Retry.MaxAttempts = 1);
        harness.Sms.OnSend = (_, _) => throw new MessagingException(MessagingErrorCode.ProviderUnavailable, "503 before the request was read", "503", 503, isTransient: true);
        var failed = await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "job-retry" });
        harness.Sms.OnSend = null;
        var retried = await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "job-retry" });

        Assert.Multiple(() =>
        {
            Assert.That(failed.Status, Is.EqualTo(SendStatus.Failed));
            Assert.That(failed.Attempts, Is.GreaterThan(0), "the provider was called");
            Assert.That(retried.IsReplay, Is.False, "a certain failure is not replayed");
            Assert.That(retried.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That(harness.Sms.Calls, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_failing_claim_store_fails_closed_naming_the_store()
    {
        using var harness = new MessagingHarness(build: b => b.Services.AddSingleton<ISendClaimStore>(new BrokenClaimStore()));
        var result = await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "order-9" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Failed));
            Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(result.Error.Message, Does.Contain(nameof(BrokenClaimStore)));
            Assert.That(result.Error.IsTransient, Is.True);
            Assert.That(harness.Sms.Calls, Is.Zero);
        });
    }

    [Test]
    public async Task The_claim_lasts_the_configured_lifetime()
    {
        using var harness = new MessagingHarness(o => o.SendClaimLifetime = TimeSpan.FromHours(1));
        await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "hourly" });
        harness.Time.Advance(TimeSpan.FromMinutes(59));
        var within = await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "hourly" });
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var after = await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { ClientReference = "hourly" });

        Assert.Multiple(() =>
        {
            Assert.That(within.IsReplay, Is.True);
            Assert.That(after.IsReplay, Is.False);
            Assert.That(harness.Sms.Calls, Is.EqualTo(2));
        });
    }

    [Test]
    public void A_non_positive_claim_lifetime_fails_at_start()
    {
        using var harness = new MessagingHarness(o => o.SendClaimLifetime = TimeSpan.Zero);
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => _ = harness.Client);
        Assert.That(error!.Message, Does.Contain("SendClaimLifetime"));
    }

    [Test]
    public void The_stored_form_round_trips_and_rejects_garbage()
    {
        var failed = new SendResult
        {
            Status = SendStatus.Failed,
            Platform = MessagingPlatform.WhatsApp,
            Recipient = Number,
            ClientReference = "r",
            Attempts = 3,
            Error = new MessagingError(MessagingErrorCode.Throttled, "slow down", "20429", isTransient: true),
        };
        var back = SendResultSerializer.Deserialize(SendResultSerializer.Serialize(failed));

        Assert.Multiple(() =>
        {
            Assert.That(back.Status, Is.EqualTo(SendStatus.Failed));
            Assert.That(back.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
            Assert.That(back.Attempts, Is.EqualTo(3));
            Assert.That(back.Error!.ToString(), Is.EqualTo(failed.Error.ToString()));
            Assert.That(back.Error.IsTransient, Is.True);
            Assert.That(SendResultSerializer.Serialize(failed), Does.Contain("\"status\":\"Failed\""));
            Assert.That(() => SendResultSerializer.Deserialize("{not json"), Throws.InstanceOf<FormatException>());
            Assert.That(() => SendResultSerializer.Deserialize("{\"v\":99}"), Throws.InstanceOf<FormatException>());
        });
    }

    private sealed class BrokenClaimStore : ISendClaimStore
    {
        public ValueTask<SendClaim> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
            throw new TimeoutException("the claim table did not answer");

        public ValueTask CompleteAsync(string key, SendResult? result, TimeSpan lifetime, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
