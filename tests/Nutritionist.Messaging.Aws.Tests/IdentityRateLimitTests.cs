using System.Collections.Concurrent;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

public sealed class IdentityRateLimitTests
{
    private const string Pool = "pool-0123456789abcdef0123456789abcdef";

    [Test]
    public async Task Message_parts_per_identity_are_spaced_so_no_second_exceeds_the_limit()
    {
        var times = new ConcurrentQueue<(DateTimeOffset At, string Body)>();
        var (client, handler, time) = TestAws.Client(_ => TestAws.Json("""{"MessageId":"m"}"""));
        handler.Respond = request =>
        {
            times.Enqueue((time.GetUtcNow(), request.BodyText));
            return TestAws.Json("""{"MessageId":"m"}""");
        };
        var provider = TestAws.Provider(client, new AwsSmsOptions { OriginationIdentities = [Pool], MessagePartsPerSecondPerIdentity = 2 }, time);
        var longBody = new string('a', 400); // three GSM-7 parts

        var sends = new[]
        {
            provider.SendAsync(new SmsMessage("+14155552671", "first")),
            provider.SendAsync(new SmsMessage("+14155552671", longBody)),
            provider.SendAsync(new SmsMessage("+14155552671", "third")),
        };
        var all = Task.WhenAll(sends);
        while (!all.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }

        await all;
        var ordered = times.OrderBy(t => t.At).ToList();
        Assert.That(ordered, Has.Count.EqualTo(3));
        var start = ordered[0].At;

        // 2 parts per second with 2 % headroom: one part every 0.51 s; the 3-part message takes three slots.
        var third = ordered.Single(t => t.Body.Contains("third", StringComparison.Ordinal)).At - start;
        Assert.That(third, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.51 * 4)).And.LessThan(TimeSpan.FromSeconds(0.52 * 4)), "98 % of the configured rate is reached");
        Assert.That(ordered[1].At - start, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.51)));
    }

    [Test]
    public async Task Without_a_limit_sends_do_not_wait()
    {
        var (client, handler, time) = TestAws.Client(_ => TestAws.Json("""{"MessageId":"m"}"""));
        var provider = TestAws.Provider(client, new AwsSmsOptions { OriginationIdentities = [Pool] }, time);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => provider.SendAsync(new SmsMessage("+14155552671", "hi"))));

        Assert.That(handler.Requests, Has.Count.EqualTo(10));
    }

    [Test]
    public void A_limit_below_one_fails_at_start_naming_the_key()
    {
        var result = new Nutritionist.Messaging.Aws.Internal.AwsSmsOptionsValidator().Validate(null, new AwsSmsOptions { MessagePartsPerSecondPerIdentity = 0 });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("NutritionistMessaging:Aws:MessagePartsPerSecondPerIdentity"));
    }
}
