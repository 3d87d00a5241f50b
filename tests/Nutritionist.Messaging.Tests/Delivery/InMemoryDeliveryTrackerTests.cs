using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Delivery;

namespace Nutritionist.Messaging.Tests.Delivery;

/// <summary>The default tracker's ring: order of eviction, growth, in-place merges and concurrent use.</summary>
public sealed class InMemoryDeliveryTrackerTests
{
    private static SendResult Accepted(string id, MessagingPlatform platform = MessagingPlatform.Sms) =>
        new() { Status = SendStatus.Accepted, Platform = platform, MessageId = id, Recipient = "+14155550100", ClientReference = "ref-" + id };

    [Test]
    public async Task Evicts_the_oldest_message_first_and_an_update_does_not_make_a_message_younger()
    {
        var tracker = new InMemoryDeliveryTracker(capacity: 3);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await tracker.RecordAcceptedAsync(Accepted(id));
        }

        await tracker.ApplyAsync(new DeliveryStatusUpdate("a", MessagingPlatform.Sms, DeliveryStatus.Delivered));
        await tracker.RecordAcceptedAsync(Accepted("d"));
        await tracker.RecordAcceptedAsync(Accepted("e"));

        Assert.Multiple(async () =>
        {
            Assert.That(await tracker.GetAsync("a"), Is.Null, "oldest, even though it was updated last");
            Assert.That(await tracker.GetAsync("b"), Is.Null);
            Assert.That((await tracker.GetAsync("c"))?.Status, Is.EqualTo(DeliveryStatus.Queued));
            Assert.That(await tracker.GetAsync("e"), Is.Not.Null);
            Assert.That(tracker.GetStatistics().Count(MessagingPlatform.Sms, DeliveryStatus.Queued), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task A_final_status_replaces_the_error_code_an_intermediate_failure_left()
    {
        var tracker = new InMemoryDeliveryTracker();
        await tracker.RecordAcceptedAsync(Accepted("m"));

        // AWS: a transient carrier failure (isFinal false), then the handset receipt.
        await tracker.ApplyAsync(new DeliveryStatusUpdate("m", MessagingPlatform.Sms, DeliveryStatus.Sent) { ErrorCode = "CARRIER_UNREACHABLE" });
        var retrying = await tracker.GetAsync("m");
        await tracker.ApplyAsync(new DeliveryStatusUpdate("m", MessagingPlatform.Sms, DeliveryStatus.Delivered));
        var delivered = await tracker.GetAsync("m");

        Assert.That(retrying!.ErrorCode, Is.EqualTo("CARRIER_UNREACHABLE"), "kept while no final status has come");
        Assert.That(delivered!.Status, Is.EqualTo(DeliveryStatus.Delivered));
        Assert.That(delivered.ErrorCode, Is.Null);
    }

    [Test]
    public async Task Grows_past_its_first_allocation_up_to_the_capacity()
    {
        var tracker = new InMemoryDeliveryTracker(capacity: 5_000);
        for (var i = 0; i < 6_000; i++)
        {
            await tracker.RecordAcceptedAsync(Accepted($"m-{i}"));
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await tracker.GetAsync("m-999"), Is.Null);
            Assert.That((await tracker.GetAsync("m-1000"))?.ClientReference, Is.EqualTo("ref-m-1000"));
            Assert.That((await tracker.GetAsync("m-5999"))?.ClientReference, Is.EqualTo("ref-m-5999"));
            Assert.That(tracker.GetStatistics().Count(MessagingPlatform.Sms, DeliveryStatus.Queued), Is.EqualTo(5_000));
        });
    }

    [Test]
    public async Task Merges_in_place_and_returns_snapshots()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var tracker = new InMemoryDeliveryTracker(time);
        await tracker.RecordAcceptedAsync(Accepted("m", MessagingPlatform.WhatsApp));
        var queued = await tracker.GetAsync("m");

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(await tracker.ApplyAsync(new DeliveryStatusUpdate("m", MessagingPlatform.WhatsApp, DeliveryStatus.Failed) { ErrorCode = "63016" }), Is.True);
        Assert.That(await tracker.ApplyAsync(new DeliveryStatusUpdate("m", MessagingPlatform.WhatsApp, DeliveryStatus.Sent) { Price = -0.005m, PriceCurrency = "USD" }), Is.False, "a late update does not go back");

        var failed = (await tracker.GetAsync("m"))!;
        Assert.Multiple(() =>
        {
            Assert.That(queued!.Status, Is.EqualTo(DeliveryStatus.Queued), "a record handed out earlier does not change");
            Assert.That(failed.Status, Is.EqualTo(DeliveryStatus.Failed));
            Assert.That(failed.ErrorCode, Is.EqualTo("63016"));
            Assert.That(failed.Price, Is.EqualTo(-0.005m), "a price is kept even from a late update");
            Assert.That(failed.PriceCurrency, Is.EqualTo("USD"));
            Assert.That(failed.AcceptedAt, Is.EqualTo(time.GetUtcNow().AddSeconds(-5)));
            Assert.That(failed.UpdatedAt, Is.EqualTo(time.GetUtcNow()));
            Assert.That(failed.Recipient, Is.EqualTo("+14155550100"));
        });
    }

    [Test]
    public async Task Concurrent_sends_and_updates_lose_nothing()
    {
        var tracker = new InMemoryDeliveryTracker(capacity: 100_000);
        const int PerWorker = 2_000;
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWorker; i++)
            {
                var id = $"w{w}-{i}";

                // Half the updates overtake the acceptance, as a fast webhook can.
                if (i % 2 == 0)
                {
                    await tracker.ApplyAsync(new DeliveryStatusUpdate(id, MessagingPlatform.Sms, DeliveryStatus.Delivered));
                    await tracker.RecordAcceptedAsync(Accepted(id));
                }
                else
                {
                    await tracker.RecordAcceptedAsync(Accepted(id));
                    await tracker.ApplyAsync(new DeliveryStatusUpdate(id, MessagingPlatform.Sms, DeliveryStatus.Delivered));
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.That(tracker.GetStatistics().Count(MessagingPlatform.Sms, DeliveryStatus.Delivered), Is.EqualTo(8 * PerWorker));
        var sample = (await tracker.GetAsync("w7-1998"))!;
        Assert.That(sample.AcceptedAt, Is.Not.Null);
        Assert.That(sample.ClientReference, Is.EqualTo("ref-w7-1998"));
    }

    [TestCase("a1b2c3d4-e5f6-7890-abcd-ef1234567890", TestName = "Message id: lower-case UUID (AWS)")]
    [TestCase("A1B2C3D4-E5F6-7890-ABCD-EF1234567890", TestName = "Message id: upper-case UUID")]
    [TestCase("00000000-0000-4000-8000-000000000001", TestName = "Message id: UUID with leading zeros")]
    [TestCase("SM0123456789abcdef0123456789abcdef", TestName = "Message id: Twilio SMS/WhatsApp SID")]
    [TestCase("MM0123456789abcdef0123456789abcdef", TestName = "Message id: Twilio MMS SID, same digits")]
    [TestCase("SM0123456789ABCDEF0123456789ABCDEF", TestName = "Message id: SID with upper-case hex")]
    [TestCase("a1b2c3d4-e5f6-7890-abcd-ef123456789g", TestName = "Message id: UUID-shaped but not hex")]
    [TestCase("a1b2c3d4_e5f6_7890_abcd_ef1234567890", TestName = "Message id: UUID length, other separators")]
    [TestCase("sandbox-42", TestName = "Message id: anything else")]
    public async Task Every_id_shape_comes_back_exactly_and_apart_from_the_others(string id)
    {
        var tracker = new InMemoryDeliveryTracker();
        string[] all =
        [
            "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "A1B2C3D4-E5F6-7890-ABCD-EF1234567890", "00000000-0000-4000-8000-000000000001",
            "SM0123456789abcdef0123456789abcdef", "MM0123456789abcdef0123456789abcdef", "SM0123456789ABCDEF0123456789ABCDEF",
            "a1b2c3d4-e5f6-7890-abcd-ef123456789g", "a1b2c3d4_e5f6_7890_abcd_ef1234567890", "sandbox-42",
        ];
        foreach (var other in all.Where(o => o != id))
        {
            await tracker.ApplyAsync(new DeliveryStatusUpdate(other, MessagingPlatform.Sms, DeliveryStatus.Failed));
        }

        await tracker.RecordAcceptedAsync(Accepted(id));
        await tracker.ApplyAsync(new DeliveryStatusUpdate(id, MessagingPlatform.Sms, DeliveryStatus.Delivered));

        var record = (await tracker.GetAsync(id))!;
        Assert.Multiple(() =>
        {
            Assert.That(record.MessageId, Is.EqualTo(id));
            Assert.That(record.Status, Is.EqualTo(DeliveryStatus.Delivered), "not mixed up with a look-alike id");
            Assert.That(tracker.GetStatistics().Count(MessagingPlatform.Sms, DeliveryStatus.Failed), Is.EqualTo(all.Length - 1));
        });
    }

    [Test]
    public async Task Random_uuids_and_sids_are_found_and_printed_back()
    {
        var tracker = new InMemoryDeliveryTracker();
        var random = new Random(20261125);
        var ids = Enumerable.Range(0, 2_000).Select(i => i % 2 == 0
            ? Guid.NewGuid().ToString("D")
            : "SM" + Convert.ToHexStringLower(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 16))).ToList();
        foreach (var id in ids)
        {
            await tracker.RecordAcceptedAsync(Accepted(id));
        }

        foreach (var id in ids)
        {
            Assert.That((await tracker.GetAsync(id))?.MessageId, Is.EqualTo(id));
        }

        Assert.That(await tracker.GetAsync(Guid.NewGuid().ToString("D")), Is.Null);
    }

    [Test]
    public async Task Long_churn_of_uuid_and_sid_ids_keeps_exactly_the_newest_and_finds_each_of_them()
    {
        // Small capacity, so its index is small and probe runs collide and get shifted on every eviction. A model (the
        // ids in order) says which ids must be found; every check compares the whole window and a sample of the past.
        const int capacity = 500;
        var tracker = new InMemoryDeliveryTracker(capacity: capacity);
        var random = new Random(1125);
        var history = new List<string>();
        for (var i = 0; i < 40_000; i++)
        {
            var id = (i % 3) switch
            {
                0 => FormattableString.Invariant($"00000000-0000-4000-8000-{i:D12}"),
                1 => "SM" + Convert.ToHexStringLower(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 16)),
                _ => Guid.NewGuid().ToString("D"),
            };
            history.Add(id);
            await tracker.RecordAcceptedAsync(Accepted(id));
            if (i % 7 == 0)
            {
                // An update for a message still held, found through the index.
                var held = history[Math.Max(0, history.Count - 1 - random.Next(Math.Min(capacity, history.Count)))];
                await tracker.ApplyAsync(new DeliveryStatusUpdate(held, MessagingPlatform.Sms, DeliveryStatus.Sent));
                var updated = await tracker.GetAsync(held);
                Assert.That(updated?.Status, Is.EqualTo(DeliveryStatus.Sent), $"update target {held} after {i + 1} sends");
                Assert.That(updated?.ClientReference, Is.EqualTo("ref-" + held), "merged into the accepted record, not a new one");
            }

            if (i % 4_999 == 0 || i == 39_999)
            {
                var window = history.Skip(Math.Max(0, history.Count - capacity)).ToList();
                foreach (var kept in window)
                {
                    Assert.That((await tracker.GetAsync(kept))?.MessageId, Is.EqualTo(kept), $"kept id after {i + 1} sends");
                }

                foreach (var gone in history.Take(Math.Max(0, history.Count - capacity)).Where((_, n) => n % 37 == 0))
                {
                    Assert.That(await tracker.GetAsync(gone), Is.Null, $"evicted id after {i + 1} sends");
                }
            }
        }

        var statistics = tracker.GetStatistics();
        Assert.That(statistics.Count(MessagingPlatform.Sms, DeliveryStatus.Queued) + statistics.Count(MessagingPlatform.Sms, DeliveryStatus.Sent), Is.EqualTo(capacity));
    }
}
