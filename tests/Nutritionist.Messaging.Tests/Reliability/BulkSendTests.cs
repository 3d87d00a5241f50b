using Nutritionist.Messaging.Bulk;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Reliability;

public class BulkSendTests
{
    private static List<OutboundMessage> Batch(int count) => Enumerable.Range(0, count)
        .Select(i => i % 5 == 4
            ? new OutboundMessage("bad-" + i, "Hi") { ClientReference = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : new OutboundMessage($"+1201555{i:0000}", "Hi") { Platform = MessagingPlatform.Sms, ClientReference = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        .ToList();

    [Test]
    public async Task Every_input_gets_a_result_in_input_order_with_a_summary_and_progress()
    {
        using var harness = new MessagingHarness();
        var random = new Random(7);
        harness.Sms.OnSend = async (m, _) =>
        {
            await Task.Delay(random.Next(0, 3));
            return new ProviderReceipt("id-" + m.ClientReference);
        };
        var reports = new List<BulkSendProgress>();
        var progress = new SynchronousProgress<BulkSendProgress>(reports.Add);

        var result = await harness.Client.SendManyAsync(Batch(200), new BulkSendOptions { MaxConcurrency = 8 }, progress);

        Assert.That(result.Items, Has.Count.EqualTo(200));
        Assert.That(result.Items.Select(i => i.Index), Is.EqualTo(Enumerable.Range(0, 200)));
        Assert.That(result.Items.Select(i => i.Result!.ClientReference), Is.EqualTo(Enumerable.Range(0, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.That(result.Summary.Accepted, Is.EqualTo(160));
        Assert.That(result.Summary.Rejected, Is.EqualTo(40));
        Assert.That(result.Summary.ByErrorCode[MessagingErrorCode.InvalidRecipient], Is.EqualTo(40));
        Assert.That(result.Cancelled, Is.False);
        lock (reports)
        {
            Assert.That(reports, Has.Count.EqualTo(200));
            Assert.That(reports.Max(r => r.Completed), Is.EqualTo(200));
            Assert.That(reports.All(r => r.Total == 200), Is.True);
        }
    }

    [Test]
    public async Task Concurrency_is_bounded()
    {
        using var harness = new MessagingHarness();
        var inFlight = 0;
        var max = 0;
        harness.Sms.OnSend = async (m, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            lock (harness)
            {
                max = Math.Max(max, now);
            }

            await Task.Delay(2);
            Interlocked.Decrement(ref inFlight);
            return new ProviderReceipt("id");
        };

        await harness.Client.SendManyAsync(Batch(100), new BulkSendOptions { MaxConcurrency = 4 });

        Assert.That(max, Is.InRange(1, 4));
    }

    [Test]
    public async Task Cancellation_stops_new_sends_and_reports_the_ones_in_flight()
    {
        using var harness = new MessagingHarness();
        using var cts = new CancellationTokenSource();
        var release = new TaskCompletionSource();
        harness.Sms.OnSend = async (m, _) =>
        {
            if (harness.Sms.Calls == 3)
            {
                await cts.CancelAsync();
            }

            await release.Task;
            return new ProviderReceipt("id-" + m.ClientReference);
        };

        var bulk = harness.Client.SendManyAsync(Batch(50).Where(m => !m.To.StartsWith("bad", StringComparison.Ordinal)), new BulkSendOptions { MaxConcurrency = 3 }, cancellationToken: cts.Token);
        await Task.Delay(50);
        release.SetResult();
        var result = await bulk;

        Assert.That(result.Cancelled, Is.True);
        Assert.That(result.Summary.Accepted, Is.EqualTo(3), "the three in flight were finished");
        Assert.That(harness.Sms.Calls, Is.EqualTo(3));
        Assert.That(result.Items.Where(i => i.Result is null).Select(i => i.Index), Is.All.GreaterThanOrEqualTo(3));
    }

    [Test]
    public async Task An_async_stream_is_read_lazily()
    {
        using var harness = new MessagingHarness();

        var result = await harness.Client.SendManyAsync(Stream(30), new BulkSendOptions { MaxConcurrency = 5 });

        Assert.That(result.Summary.Total, Is.EqualTo(30));
        Assert.That(result.Summary.Accepted, Is.EqualTo(30));

        static async IAsyncEnumerable<OutboundMessage> Stream(int n)
        {
            for (var i = 0; i < n; i++)
            {
                await Task.Yield();
                yield return new OutboundMessage($"+1201555{i:0000}", "Hi");
            }
        }
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
