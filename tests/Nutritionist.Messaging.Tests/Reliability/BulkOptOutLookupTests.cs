using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nutritionist.Messaging.Bulk;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Reliability;

// SendManyAsync looks a chunk's opt-outs up in one batch and never hands an opted-out or unchecked recipient to a provider.
public class BulkOptOutLookupTests
{
    private static string Number(int i) => "+1201555" + i.ToString("0000", CultureInfo.InvariantCulture);

    // National format on purpose: the lookup must be keyed by the normalised E.164 number.
    private static List<OutboundMessage> Batch(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new OutboundMessage("(201) 555-" + i.ToString("0000", CultureInfo.InvariantCulture), "Hi") { Platform = MessagingPlatform.Sms })];

    [Test]
    public async Task Opt_outs_are_looked_up_per_chunk_and_opted_out_recipients_never_reach_the_provider()
    {
        var store = new CountingOptOutStore();
        for (var i = 0; i < 250; i += 10)
        {
            await store.OptOutAsync(Number(i), MessagingPlatform.Sms);
        }

        await store.OptOutAsync(Number(1), MessagingPlatform.WhatsApp); // another platform: still texted
        using var harness = new MessagingHarness(build: b => b.Services.Replace(ServiceDescriptor.Singleton<IOptOutStore>(store)));

        var result = await harness.Client.SendManyAsync(Batch(250), new BulkSendOptions { MaxConcurrency = 4 });

        var optedOut = Enumerable.Range(0, 250).Where(i => i % 10 == 0).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(store.BatchSizes, Is.EqualTo(new[] { 100, 100, 50 }), "one batch lookup per chunk of 100");
            Assert.That(store.BatchNumbers.All(n => n.StartsWith("+1201555", StringComparison.Ordinal)), Is.True, "batch keys are E.164");
            Assert.That(store.SingleLookups, Is.Zero, "the chunk's lookup stands for each message's own opt-out read");
            Assert.That(harness.Sms.Calls, Is.EqualTo(225));
            Assert.That(harness.Sms.Sent.Select(m => m.To).Intersect(optedOut.Select(Number)), Is.Empty);
            Assert.That(result.Summary.Accepted, Is.EqualTo(225));
            Assert.That(result.Items.Where(i => i.Result!.Error?.Code == MessagingErrorCode.OptedOut).Select(i => i.Index), Is.EqualTo(optedOut));
            Assert.That(result.Items[10].Result!.Status, Is.EqualTo(SendStatus.Rejected));
            Assert.That(result.Items[10].Result!.Recipient, Is.EqualTo(Number(10)));
        });
    }

    [Test]
    public async Task A_stop_stored_while_a_chunk_goes_out_is_honoured_from_the_next_chunk_on()
    {
        // The STOPs arrive right after the first chunk's lookup: number 3 (first chunk, already read) and number 13 (second).
        var store = new CountingOptOutStore();
        store.AfterBatch = async n =>
        {
            if (n == 1)
            {
                await store.OptOutAsync(Number(3), MessagingPlatform.Sms);
                await store.OptOutAsync(Number(13), MessagingPlatform.Sms);
            }
        };
        using var harness = new MessagingHarness(build: b => b.Services.Replace(ServiceDescriptor.Singleton<IOptOutStore>(store)));

        var result = await harness.Client.SendManyAsync(Batch(20), new BulkSendOptions { OptOutLookupBatchSize = 10, MaxConcurrency = 1 });

        Assert.Multiple(() =>
        {
            Assert.That(result.Items[3].Result!.Status, Is.EqualTo(SendStatus.Accepted), "the same race as a STOP just after a single send's check");
            Assert.That(result.Items[13].Result!.Error?.Code, Is.EqualTo(MessagingErrorCode.OptedOut), "the next chunk's lookup sees it");
            Assert.That(harness.Sms.Sent.Select(m => m.To), Does.Not.Contain(Number(13)));
            Assert.That(harness.Sms.Calls, Is.EqualTo(19));
            Assert.That(store.SingleLookups, Is.Zero);
        });
    }

    [Test]
    public async Task Messages_the_chunk_lookup_did_not_cover_still_read_the_store_themselves()
    {
        // A referenced message is left to its claim; a WhatsApp message falling back to SMS changes platform.
        var store = new CountingOptOutStore();
        await store.OptOutAsync(Number(2), MessagingPlatform.Sms);
        await store.OptOutAsync(Number(3), MessagingPlatform.Sms);
        using var harness = new MessagingHarness(
            configure: o =>
            {
                o.Fallback = Nutritionist.Messaging.Reliability.ChannelFallback.WhatsAppToSms;
                o.EnforceWhatsAppSessionWindow = true;
            },
            build: b => b.Services.Replace(ServiceDescriptor.Singleton<IOptOutStore>(store)));
        var messages = new List<OutboundMessage>
        {
            new("(201) 555-0001", "Hi") { Platform = MessagingPlatform.Sms, ClientReference = "ref-1" },
            new("(201) 555-0002", "Hi") { Platform = MessagingPlatform.Sms, ClientReference = "ref-2" },
            new("(201) 555-0003", "Hi") { Platform = MessagingPlatform.WhatsApp }, // window closed: falls back to SMS
        };

        var result = await harness.Client.SendManyAsync(messages);

        Assert.Multiple(() =>
        {
            Assert.That(result.Items[0].Result!.Status, Is.EqualTo(SendStatus.Accepted));
            Assert.That(result.Items[1].Result!.Error?.Code, Is.EqualTo(MessagingErrorCode.OptedOut), "the referenced message's own read");
            Assert.That(result.Items[2].Result!.Error?.Code, Is.EqualTo(MessagingErrorCode.OptedOut), "the SMS fallback's own read");
            Assert.That(store.SingleNumbers, Is.EquivalentTo(new[] { Number(1), Number(2), Number(3) }));
            Assert.That(harness.Sms.Sent.Select(m => m.To), Is.EqualTo(new[] { Number(1) }));
        });
    }

    [Test]
    public async Task A_failed_batch_lookup_fails_its_chunk_closed_and_names_the_store()
    {
        var store = new CountingOptOutStore { FailBatch = 2 };
        using var harness = new MessagingHarness(build: b => b.Services.Replace(ServiceDescriptor.Singleton<IOptOutStore>(store)));

        var result = await harness.Client.SendManyAsync(Batch(250));

        var second = result.Items.Skip(100).Take(100).Select(i => i.Result!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(second.Select(r => r.Status), Is.All.EqualTo(SendStatus.Failed));
            Assert.That(second.Select(r => r.Error!.Code), Is.All.EqualTo(MessagingErrorCode.ProviderUnavailable));
            Assert.That(second[0].Error!.Message, Does.Contain(nameof(CountingOptOutStore)).And.Contain("not sent"));
            Assert.That(second[0].Error!.IsTransient, Is.True);
            Assert.That(harness.Sms.Calls, Is.EqualTo(150), "the first and third chunks go out, the second does not");
            Assert.That(harness.Sms.Sent.Select(m => m.To).Intersect(Enumerable.Range(100, 100).Select(Number)), Is.Empty);
            Assert.That(result.Summary.Accepted, Is.EqualTo(150));
        });
    }

    [Test]
    public async Task A_client_other_than_the_router_gets_every_message_as_before()
    {
        var client = new CountingClient();

        var result = await client.SendManyAsync(Batch(30), new BulkSendOptions { OptOutLookupBatchSize = 7 });

        Assert.That(client.Calls, Is.EqualTo(30));
        Assert.That(result.Items.Select(i => i.Result), Is.All.Not.Null);
    }

    [Test]
    public void A_lookup_batch_size_below_one_is_misuse()
    {
        using var harness = new MessagingHarness();

        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Client.SendManyAsync(Batch(1), new BulkSendOptions { OptOutLookupBatchSize = 0 }));
    }

    /// <summary>An in-memory store that counts its round trips, and can fail its n-th batch lookup.</summary>
    private sealed class CountingOptOutStore : IOptOutStore
    {
        private readonly InMemoryOptOutStore _inner = new();
        private int _singleLookups;

        public int? FailBatch { get; init; }

        /// <summary>Runs after the n-th batch lookup has read the store (1-based).</summary>
        public Func<int, Task>? AfterBatch { get; set; }

        public ConcurrentQueue<int> BatchSizes { get; } = new();

        public ConcurrentQueue<string> BatchNumbers { get; } = new();

        public ConcurrentQueue<string> SingleNumbers { get; } = new();

        public int SingleLookups => _singleLookups;

        public ValueTask<bool> IsOptedOutAsync(string phoneNumber, MessagingPlatform platform, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _singleLookups);
            SingleNumbers.Enqueue(phoneNumber);
            return _inner.IsOptedOutAsync(phoneNumber, platform, cancellationToken);
        }

        public async ValueTask<IReadOnlySet<string>> GetOptedOutAsync(IReadOnlyCollection<string> phoneNumbers, MessagingPlatform platform, CancellationToken cancellationToken = default)
        {
            BatchSizes.Enqueue(phoneNumbers.Count);
            foreach (var number in phoneNumbers)
            {
                BatchNumbers.Enqueue(number);
            }

            if (BatchSizes.Count == FailBatch)
            {
                throw new TimeoutException("the store timed out");
            }

            var optedOut = await _inner.GetOptedOutAsync(phoneNumbers, platform, cancellationToken);
            if (AfterBatch is { } after)
            {
                await after(BatchSizes.Count);
            }

            return optedOut;
        }

        public ValueTask OptOutAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default) =>
            _inner.OptOutAsync(phoneNumber, platform, cancellationToken);

        public ValueTask OptInAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default) =>
            _inner.OptInAsync(phoneNumber, platform, cancellationToken);
    }

    private sealed class CountingClient : IMessagingClient
    {
        private int _calls;

        public int Calls => _calls;

        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new SendResult { Status = SendStatus.Accepted, Platform = MessagingPlatform.Sms, MessageId = "m" });
        }
    }
}
