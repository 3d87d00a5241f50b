using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Bulk;
using Nutritionist.Messaging.Reliability;

namespace Nutritionist.Messaging.FaultInjection.Tests;

/// <summary>
/// Each scenario sends a batch through the real providers to a loopback server that injects faults, then checks the
/// promises: every message has a final result; nothing the server took was sent twice; throttled messages get through
/// within the budget; ambiguous ones end as Unknown after one request; fallbacks happen exactly when configured; the
/// client-side limiter's observed rate never exceeds its setting. Each prints a row of the README's scenario table.
/// </summary>
[NonParallelizable]
public class FaultScenarioTests
{
    private const int Messages = 40;
    private static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(2.5);

    [TestCase(MessagingPlatform.Sms)]
    [TestCase(MessagingPlatform.WhatsApp)]
    public async Task Throttling_is_retried_until_every_message_is_accepted_once(MessagingPlatform platform)
    {
        await using var server = await FaultServer.StartAsync(FaultServer.PerMessage(repeats: 2, (Fault.Throttle, 0.4)), SlowDelay);
        var result = await SendAsync(platform, server, "throttle");

        Assert.That(result.Items.Select(i => i.Result!.Status), Is.All.EqualTo(SendStatus.Accepted));
        AssertTakenAtMostOnce(server);
        Assert.That(server.Taken, Has.Count.EqualTo(Messages));
        Assert.That(server.Injected.GetValueOrDefault(Fault.Throttle), Is.GreaterThan(0));
        Assert.That(result.Items.Max(i => i.Result!.Attempts), Is.EqualTo(3), "two throttles, then accepted");
        Report(platform, "40 % of messages throttled twice", server, result);
    }

    [TestCase(MessagingPlatform.Sms, Fault.Error500)]
    [TestCase(MessagingPlatform.Sms, Fault.Error503)]
    [TestCase(MessagingPlatform.Sms, Fault.Slow)]
    [TestCase(MessagingPlatform.Sms, Fault.CloseMidResponse)]
    [TestCase(MessagingPlatform.Sms, Fault.Malformed)]
    [TestCase(MessagingPlatform.WhatsApp, Fault.Error500)]
    [TestCase(MessagingPlatform.WhatsApp, Fault.Error503)]
    [TestCase(MessagingPlatform.WhatsApp, Fault.Slow)]
    [TestCase(MessagingPlatform.WhatsApp, Fault.CloseMidResponse)]
    [TestCase(MessagingPlatform.WhatsApp, Fault.Malformed)]
    public async Task Ambiguous_failures_end_as_unknown_after_exactly_one_request(MessagingPlatform platform, Fault fault)
    {
        await using var server = await FaultServer.StartAsync(FaultServer.PerMessage(repeats: 10, (fault, 0.25)), SlowDelay);
        var result = await SendAsync(platform, server, fault.ToString().ToLowerInvariant());

        var byKey = result.Items.ToDictionary(i => i.Message.Body!, i => i.Result!);
        var faulted = byKey.Where(kv => server.Requested[kv.Key] == 1 && !kv.Value.IsSuccess).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Items.Select(i => i.Result), Has.None.Null, "every message has a final result");
            Assert.That(byKey.Values.Select(r => r.Status), Is.All.AnyOf(SendStatus.Accepted, SendStatus.Unknown));
            Assert.That(server.Requested.Values, Is.All.EqualTo(1), "an ambiguous failure is never retried");
            Assert.That(faulted, Has.Count.EqualTo(server.Injected.GetValueOrDefault(fault)));
            Assert.That(faulted.Select(kv => kv.Value.Status), Is.All.EqualTo(SendStatus.Unknown));
            Assert.That(faulted.Select(kv => kv.Value.Error!.Code), Is.All.EqualTo(MessagingErrorCode.ProviderUnavailable).Or.EqualTo(MessagingErrorCode.Unknown));
        });
        AssertTakenAtMostOnce(server);
        Report(platform, $"25 % {Describe(fault)}", server, result);
    }

    [TestCase(MessagingPlatform.Sms)]
    [TestCase(MessagingPlatform.WhatsApp)]
    public async Task A_mix_of_every_fault_still_gives_each_message_one_final_result(MessagingPlatform platform)
    {
        await using var server = await FaultServer.StartAsync(
            FaultServer.PerMessage(repeats: 1, (Fault.Throttle, 0.2), (Fault.Error500, 0.05), (Fault.Error503, 0.05), (Fault.Slow, 0.05), (Fault.CloseMidResponse, 0.05), (Fault.Malformed, 0.05)),
            SlowDelay);
        var result = await SendAsync(platform, server, "mixed");

        var statuses = result.Items.Select(i => i.Result!.Status).ToList();
        Assert.That(statuses, Has.Count.EqualTo(Messages));
        Assert.That(statuses, Is.All.AnyOf(SendStatus.Accepted, SendStatus.Unknown));
        AssertTakenAtMostOnce(server);
        var throttledThenAccepted = result.Items.Count(i => i.Result!.Attempts == 2 && i.Result.IsSuccess);
        Assert.That(throttledThenAccepted, Is.EqualTo(server.Injected.GetValueOrDefault(Fault.Throttle)));
        Report(platform, "mixed: 20 % throttled, 5 % each of 500, 503, slow, cut, malformed", server, result);
    }

    [TestCase(ChannelFallback.WhatsAppToSms)]
    [TestCase(ChannelFallback.None)]
    public async Task Fallback_to_sms_happens_exactly_when_configured_and_whatsapp_certainly_did_not_send(ChannelFallback fallback)
    {
        await using var sms = await FaultServer.StartAsync(FaultServer.Sequence(), SlowDelay);
        using var services = Clients.Build(sms.BaseAddress, Clients.DeadEndpoint(), o =>
        {
            o.Fallback = fallback;
            o.Retry.MaxAttempts = 2;
        });
        var client = services.GetRequiredService<IMessagingClient>();

        var result = await client.SendManyAsync(Clients.Batch(MessagingPlatform.WhatsApp, 20, "fallback-" + fallback), new BulkSendOptions { MaxConcurrency = 8 });

        var results = result.Items.Select(i => i.Result!).ToList();
        if (fallback == ChannelFallback.WhatsAppToSms)
        {
            Assert.That(results.Select(r => (r.Status, r.Platform, r.FallbackFrom)), Is.All.EqualTo((SendStatus.Accepted, MessagingPlatform.Sms, (MessagingPlatform?)MessagingPlatform.WhatsApp)));
            Assert.That(sms.Taken, Has.Count.EqualTo(20));
            AssertTakenAtMostOnce(sms);
        }
        else
        {
            Assert.That(results.Select(r => (r.Status, r.Error!.Code, r.FallbackFrom)), Is.All.EqualTo((SendStatus.Failed, MessagingErrorCode.ProviderUnavailable, (MessagingPlatform?)null)));
            Assert.That(sms.Requests, Is.Zero);
        }

        Report(MessagingPlatform.WhatsApp, $"WhatsApp endpoint refusing connections, fallback {fallback}", sms, result);
    }

    [Test]
    public async Task The_observed_send_rate_never_exceeds_the_client_side_limit()
    {
        const int rate = 5;
        await using var server = await FaultServer.StartAsync(FaultServer.Sequence(), SlowDelay);
        using var services = Clients.Build(server.BaseAddress, null, o => o.RateLimits.SmsMessagesPerSecond = rate);
        var client = services.GetRequiredService<IMessagingClient>();

        var result = await client.SendManyAsync(Clients.Batch(MessagingPlatform.Sms, 16, "rate"), new BulkSendOptions { MaxConcurrency = 16 });

        Assert.That(result.Summary.Accepted, Is.EqualTo(16));
        var arrivals = server.Arrivals.OrderBy(t => t).ToArray();
        var busiest = arrivals.Max(start => arrivals.Count(t => t >= start && t < start + 1.0));
        Assert.That(busiest, Is.LessThanOrEqualTo(rate), "requests in the busiest one-second window at the server");
        Assert.That(arrivals[^1] - arrivals[0], Is.GreaterThanOrEqualTo(15.0 / rate * 0.9));
        Report(MessagingPlatform.Sms, $"client-side limit {rate}/s, 16 sent at once (busiest second at the server: {busiest})", server, result);
    }

    private static async Task<BulkSendResult> SendAsync(MessagingPlatform platform, FaultServer server, string tag)
    {
        using var services = platform == MessagingPlatform.Sms ? Clients.Build(server.BaseAddress, null) : Clients.Build(null, server.BaseAddress);
        var client = services.GetRequiredService<IMessagingClient>();
        var result = await client.SendManyAsync(Clients.Batch(platform, Messages, tag), new BulkSendOptions { MaxConcurrency = 8 });
        Assert.That(result.Items, Has.Count.EqualTo(Messages));
        return result;
    }

    private static void AssertTakenAtMostOnce(FaultServer server) =>
        Assert.That(server.Taken.Values, Is.All.EqualTo(1), "a message the server took was sent again");

    private static string Describe(Fault fault) => fault switch
    {
        Fault.Error500 => "answered 500",
        Fault.Error503 => "answered 503",
        Fault.Slow => "answered after the 1 s timeout",
        Fault.CloseMidResponse => "connection closed mid-response",
        Fault.Malformed => "malformed success body",
        _ => fault.ToString(),
    };

    private static void Report(MessagingPlatform platform, string scenario, FaultServer server, BulkSendResult result)
    {
        var faults = string.Join(", ", server.Injected.Where(kv => kv.Key != Fault.None).OrderBy(kv => kv.Key).Select(kv => $"{kv.Value} {kv.Key}"));
        var s = result.Summary;
        var fallbacks = result.Items.Count(i => i.Result?.FallbackFrom is not null);
        TestContext.Out.WriteLine($"| {platform} | {scenario} | {s.Total} | {server.Requests} | {(faults.Length == 0 ? "none" : faults)} | {s.Accepted} | {s.Unknown} | {s.Failed + s.Rejected} | {fallbacks} | {server.Taken.Values.DefaultIfEmpty(0).Max()} |");
    }
}
