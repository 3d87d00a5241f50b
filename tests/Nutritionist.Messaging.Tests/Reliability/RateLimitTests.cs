using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Reliability;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Reliability;

public class RateLimitTests
{
    [Test]
    public async Task No_one_second_window_holds_more_sends_than_the_rate()
    {
        using var harness = new MessagingHarness(o => o.RateLimits.SmsMessagesPerSecond = 5);
        var callTimes = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        harness.Sms.OnSend = (m, _) =>
        {
            callTimes.Enqueue(harness.Time.GetUtcNow());
            return Task.FromResult(new ProviderReceipt("id-" + m.To));
        };

        var sends = Enumerable.Range(0, 23).Select(i => harness.Client.SendAsync(MessagingPlatform.Sms, $"+1201555{i:0000}", "Hi")).ToArray();
        var all = Task.WhenAll(sends);
        while (!all.IsCompleted)
        {
            // Small steps, with real time between them for the released sends to reach the provider.
            harness.Time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(3);
        }

        var results = await all;
        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(SendStatus.Accepted));
        var times = callTimes.OrderBy(t => t).ToArray();
        Assert.That(times, Has.Length.EqualTo(23));
        for (var i = 0; i < times.Length; i++)
        {
            var inWindow = times.Count(t => t >= times[i] && t < times[i] + TimeSpan.FromSeconds(1));
            Assert.That(inWindow, Is.LessThanOrEqualTo(5), $"window starting at send {i}");
        }

        Assert.That(times[^1] - times[0], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(4)), "23 sends at 5/s need at least 4 s");
    }

    [Test]
    public async Task Sends_beyond_the_queue_limit_fail_with_Throttled_without_a_provider_call()
    {
        using var harness = new MessagingHarness(o =>
        {
            o.RateLimits.WhatsAppMessagesPerSecond = 2;
            o.RateLimits.QueueLimit = 3;
        });

        var sends = Enumerable.Range(0, 10).Select(i => harness.Client.SendAsync(MessagingPlatform.WhatsApp, $"+1201555{i:0000}", "Hi")).ToArray();
        var all = Task.WhenAll(sends);
        while (!all.IsCompleted)
        {
            harness.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        var results = await all;
        var throttled = results.Where(r => r.Error?.Code == MessagingErrorCode.Throttled).ToList();
        Assert.That(results.Count(r => r.IsSuccess), Is.EqualTo(4), "1 at once (sends are spaced 0.5 s apart) plus 3 queued");
        Assert.That(throttled, Has.Count.EqualTo(6));
        Assert.That(throttled.Select(r => r.Error!.ProviderCode), Is.All.EqualTo("ClientRateLimit"));
        Assert.That(throttled.Select(r => r.Status), Is.All.EqualTo(SendStatus.Failed));
        Assert.That(harness.WhatsApp.Calls, Is.EqualTo(4));
    }

    [Test]
    public async Task The_limiter_is_strict_for_windows_that_start_anywhere()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var limiter = new StrictWindowRateLimiter(3, TimeSpan.FromSeconds(1), queueLimit: 100, time);
        var grants = new List<DateTimeOffset>();

        // Six requests at once at the end of a second: a fixed window would grant 3 now and 3 more 0.1 s later.
        time.Advance(TimeSpan.FromMilliseconds(900));
        for (var i = 0; i < 6; i++)
        {
            var lease = limiter.AcquireAsync();
            while (!lease.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(10));
                await Task.Delay(1);
            }

            Assert.That((await lease).IsAcquired, Is.True);
            grants.Add(time.GetUtcNow());
        }

        for (var i = 3; i < grants.Count; i++)
        {
            Assert.That(grants[i] - grants[i - 3], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        }
        Assert.That(limiter.AttemptAcquire().IsAcquired, Is.False);
        Assert.That(limiter.GetStatistics()!.TotalSuccessfulLeases, Is.EqualTo(6));
    }
}
