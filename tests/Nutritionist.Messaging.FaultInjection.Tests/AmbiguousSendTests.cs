using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Reliability;

namespace Nutritionist.Messaging.FaultInjection.Tests;

/// <summary>
/// The ambiguity rule: once any attempt of a send may have reached the provider, the send ends Accepted (a later attempt
/// succeeded) or Unknown — never Failed or Rejected, whatever the later attempts meet — and it never falls back to SMS.
/// Scripted request sequences at a loopback server, through the real providers, with RetryAmbiguousFailures on.
/// </summary>
[NonParallelizable]
public class AmbiguousSendTests
{
    private static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(2.5);

    [TestCase(MessagingPlatform.Sms)]
    [TestCase(MessagingPlatform.WhatsApp)]
    public async Task Taken_then_cut_then_throttled_until_the_attempts_run_out_ends_unknown(MessagingPlatform platform)
    {
        await using var server = await FaultServer.StartAsync(FaultServer.Sequence(Fault.Error500AfterTaking, Fault.CloseMidResponse, Fault.Throttle), SlowDelay);
        using var services = Build(platform, server.BaseAddress, o => o.Retry.MaxAttempts = 3);

        var result = await Send(services, platform, "taken twice, then throttled");

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(3));
            Assert.That(server.Taken.Values.Single(), Is.EqualTo(2), "the provider took the message twice");
            Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
            Assert.That(result.Attempts, Is.EqualTo(3));
            Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable), "the error of the attempt that made it ambiguous (the 500)");
            Assert.That(result.Error.ProviderCode, Is.AnyOf("InternalServerException", "20500"));
        });
    }

    [TestCase(MessagingPlatform.Sms)]
    [TestCase(MessagingPlatform.WhatsApp)]
    public async Task Taken_then_accepted_on_retry_ends_accepted(MessagingPlatform platform)
    {
        await using var server = await FaultServer.StartAsync(FaultServer.Sequence(Fault.Error500AfterTaking, Fault.None), SlowDelay);
        using var services = Build(platform, server.BaseAddress, o => o.Retry.MaxAttempts = 3);

        var result = await Send(services, platform, "taken, then accepted");

        Assert.That((result.Status, result.Attempts, server.Requests), Is.EqualTo((SendStatus.Accepted, 2, 2)));
    }

    [TestCase(MessagingPlatform.Sms)]
    [TestCase(MessagingPlatform.WhatsApp)]
    public async Task Taken_then_reset_then_an_open_circuit_ends_unknown(MessagingPlatform platform)
    {
        // Request 1 (a warm-up message) fails with a 503 and is retried; request 2 accepts it.
        // Request 3 takes the message under test and cuts the connection: the failure ratio opens the circuit, so the
        // retry meets it without reaching the server.
        await using var server = await FaultServer.StartAsync(FaultServer.Sequence(Fault.Error503, Fault.None, Fault.CloseMidResponse), SlowDelay);
        using var services = Build(platform, server.BaseAddress, OpenAfterTwoFailures);
        var warmUp = await Send(services, platform, "warm-up");
        Assume.That(warmUp.Status, Is.EqualTo(SendStatus.Accepted));

        var result = await Send(services, platform, "taken, reset, circuit open");

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(3), "the retry met the open circuit and never reached the server");
            Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
            Assert.That(result.Attempts, Is.EqualTo(1), "one provider call; the circuit refused the second");
            Assert.That(result.Error!.ProviderCode, Is.Not.EqualTo("CircuitOpen"), "the error is the cut connection's, not the circuit's");
        });
    }

    [Test]
    public async Task An_ambiguous_whatsapp_send_never_falls_back_to_sms_even_when_the_retry_meets_an_open_circuit()
    {
        await using var whatsApp = await FaultServer.StartAsync(FaultServer.Sequence(Fault.Error503, Fault.None, Fault.CloseMidResponse), SlowDelay);
        await using var sms = await FaultServer.StartAsync(FaultServer.Sequence(), SlowDelay);
        using var services = Clients.Build(sms.BaseAddress, whatsApp.BaseAddress, o =>
        {
            OpenAfterTwoFailures(o);
            o.RetryAmbiguousFailures = true;
            o.Fallback = ChannelFallback.WhatsAppToSms;
        });
        var warmUp = await Send(services, MessagingPlatform.WhatsApp, "warm-up");
        Assume.That(warmUp.Status, Is.EqualTo(SendStatus.Accepted));

        var result = await Send(services, MessagingPlatform.WhatsApp, "may have been delivered on WhatsApp");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
            Assert.That(result.Platform, Is.EqualTo(MessagingPlatform.WhatsApp));
            Assert.That(result.FallbackFrom, Is.Null);
            Assert.That(sms.Requests, Is.Zero, "no SMS for a WhatsApp message that may have been delivered");
        });
    }

    private static void OpenAfterTwoFailures(MessagingOptions o)
    {
        o.Retry.MaxAttempts = 2;
        o.CircuitBreaker.Enabled = true;
        o.CircuitBreaker.MinimumThroughput = 2;
        o.CircuitBreaker.FailureRatio = 0.5;
        o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
        o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
    }

    private static ServiceProvider Build(MessagingPlatform platform, Uri server, Action<MessagingOptions> configure) =>
        Clients.Build(platform == MessagingPlatform.Sms ? server : null, platform == MessagingPlatform.WhatsApp ? server : null, o =>
        {
            o.RetryAmbiguousFailures = true;
            configure(o);
        });

    private static Task<SendResult> Send(ServiceProvider services, MessagingPlatform platform, string body) =>
        services.GetRequiredService<IMessagingClient>().SendAsync(new OutboundMessage("+12015550123", body) { Platform = platform });
}
