using Microsoft.Extensions.DependencyInjection;

namespace Nutritionist.Messaging.FaultInjection.Tests;

/// <summary>
/// A host that adds a retrying handler to every <see cref="IHttpClientFactory"/> client, as the .NET Aspire service
/// defaults do (<c>ConfigureHttpClientDefaults(b =&gt; b.AddStandardResilienceHandler())</c>), before or after registering
/// the providers: a send still leaves the machine no more often than the library's own retry policy allows.
/// </summary>
[NonParallelizable]
public class HostResilienceTests
{
    private const int MaxAttempts = 3;
    private static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(2.5);

    [Test]
    public async Task An_ambiguous_failure_goes_out_exactly_once(
        [Values(MessagingPlatform.Sms, MessagingPlatform.WhatsApp)] MessagingPlatform platform,
        [Values(Fault.Error500, Fault.Slow, Fault.Reset)] Fault fault,
        [Values] bool hostFirst)
    {
        await using var server = await FaultServer.StartAsync(_ => fault, SlowDelay);
        using var services = Build(platform, server, hostFirst);

        var result = await SendAsync(services, platform);

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.EqualTo(1), "requests at the server");
            Assert.That(result.Status, Is.EqualTo(SendStatus.Unknown));
            Assert.That(result.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Throttling_is_retried_by_the_library_policy_alone(
        [Values(MessagingPlatform.Sms, MessagingPlatform.WhatsApp)] MessagingPlatform platform,
        [Values] bool hostFirst)
    {
        await using var server = await FaultServer.StartAsync(_ => Fault.Throttle, SlowDelay);
        using var services = Build(platform, server, hostFirst);

        var result = await SendAsync(services, platform);

        Assert.Multiple(() =>
        {
            Assert.That(result.Error?.Code, Is.EqualTo(MessagingErrorCode.Throttled));
            Assert.That(server.Requests, Is.EqualTo(result.Attempts).And.LessThanOrEqualTo(MaxAttempts), "requests at the server");
        });
    }

    private static ServiceProvider Build(MessagingPlatform platform, FaultServer server, bool hostFirst)
    {
        // The Aspire defaults with shorter waits, so that a retry happens within the library's 1 s request timeout.
        static void AddHostResilience(IServiceCollection services) => services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler(o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(10);
            o.Retry.ShouldRetryAfterHeader = false;
            o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(200);
        }));

        var sms = platform == MessagingPlatform.Sms ? server.BaseAddress : null;
        var whatsApp = platform == MessagingPlatform.WhatsApp ? server.BaseAddress : null;
        return Clients.Build(
            sms,
            whatsApp,
            o => o.Retry.MaxAttempts = MaxAttempts,
            hostBefore: hostFirst ? AddHostResilience : null,
            hostAfter: hostFirst ? null : AddHostResilience);
    }

    private static Task<SendResult> SendAsync(IServiceProvider services, MessagingPlatform platform) =>
        services.GetRequiredService<IMessagingClient>().SendAsync(new OutboundMessage("+12015550100", "host-retry: your meal plan is ready") { Platform = platform });
}
