using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Routing;

public class VolumeTests
{
    [Test]
    public async Task A_thousand_mixed_sends_give_a_thousand_results_and_never_stop_at_a_bad_one()
    {
        using var harness = new MessagingHarness();
        harness.WhatsApp.OnSend = (m, _) => m.To.EndsWith('7')
            ? throw new MessagingException(MessagingErrorCode.SessionWindowClosed, "63016", "63016", 400)
            : Task.FromResult(new ProviderReceipt("SM" + m.To));

        var messages = Enumerable.Range(0, 1000).Select(i => (i % 4) switch
        {
            0 => new OutboundMessage($"+1201555{i:0000}", "Hi") { Platform = MessagingPlatform.Sms },
            1 => new OutboundMessage($"+1201555{i:0000}", "Hi") { Platform = MessagingPlatform.WhatsApp },
            2 => new OutboundMessage("not-a-number-" + i, "Hi"),
            _ => new OutboundMessage($"+1201555{i:0000}", "") { Platform = MessagingPlatform.Sms },
        }).ToList();

        var results = new List<SendResult>();
        foreach (var message in messages)
        {
            results.Add(await harness.Client.SendAsync(message));
        }

        Assert.That(results, Has.Count.EqualTo(1000));
        var byKind = results.Select((r, i) => (Kind: i % 4, Result: r)).ToLookup(x => x.Kind, x => x.Result);
        Assert.Multiple(() =>
        {
            Assert.That(byKind[0].Select(r => r.Status), Is.All.EqualTo(SendStatus.Accepted));
            Assert.That(byKind[1].Count(r => r.Status == SendStatus.Accepted) + byKind[1].Count(r => r.Error?.Code == MessagingErrorCode.SessionWindowClosed), Is.EqualTo(250));
            Assert.That(byKind[2].Select(r => r.Error?.Code), Is.All.EqualTo(MessagingErrorCode.InvalidRecipient));
            Assert.That(byKind[3].Select(r => r.Error?.Code), Is.All.EqualTo(MessagingErrorCode.InvalidMessage));
            Assert.That(harness.Sms.Calls, Is.EqualTo(250));
            Assert.That(harness.WhatsApp.Calls, Is.EqualTo(250));
        });
    }

    [Test]
    public async Task A_hundred_concurrent_sends_are_safe()
    {
        using var harness = new MessagingHarness();
        var gate = new TaskCompletionSource();
        var inFlight = 0;
        var maxInFlight = 0;
        harness.Sms.OnSend = async (m, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            await gate.Task.WaitAsync(ct);
            Interlocked.Decrement(ref inFlight);
            return new ProviderReceipt("id-" + m.To);
        };

        var sends = Enumerable.Range(0, 100)
            .Select(i => Task.Run(() => harness.Client.SendAsync(MessagingPlatform.Sms, $"+1 201 555 {i:0000}", "Hi")))
            .ToArray();
        while (Volatile.Read(ref inFlight) < 100)
        {
            await Task.Yield();
        }

        gate.SetResult();
        var results = await Task.WhenAll(sends);

        Assert.That(maxInFlight, Is.EqualTo(100), "the router does not serialise sends");
        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(SendStatus.Accepted));
        Assert.That(results.Select(r => r.MessageId).Distinct().Count(), Is.EqualTo(100));
        Assert.That(results.Select(r => r.MessageId), Is.EquivalentTo(results.Select(r => "id-" + r.Recipient)));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
