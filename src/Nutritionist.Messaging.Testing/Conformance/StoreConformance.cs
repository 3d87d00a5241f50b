using System.Globalization;
using System.Security.Cryptography;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;

namespace Nutritionist.Messaging.Testing.Conformance;

/// <summary>
/// The store conformance kit: the contracts of <see cref="IOptOutStore"/>, <see cref="IConversationWindowStore"/>,
/// <see cref="IDeliveryTracker"/> and <see cref="ISendClaimStore"/> as named cases that any test framework can run, one
/// test per case. The library's own in-memory, DynamoDB and Redis stores pass all of them.
/// </summary>
/// <example>
/// <code>
/// // NUnit; any framework that can run one test per item works the same way.
/// public static IEnumerable&lt;StoreConformanceCase&gt; Cases => StoreConformance.Cases;
///
/// [TestCaseSource(nameof(Cases))]
/// public Task My_store_conforms(StoreConformanceCase c) =>
///     c.RunAsync((clock, _) => ValueTask.FromResult(new StoreConformanceSubject { OptOuts = new MyOptOutStore(clock) /* … */ }));
/// </code>
/// </example>
public static class StoreConformance
{
    private static readonly DeliveryStatus[] Statuses = Enum.GetValues<DeliveryStatus>();

    /// <summary>Every case.</summary>
    public static IReadOnlyList<StoreConformanceCase> Cases { get; } =
    [
        new("optout.per-platform", StoreKind.OptOut, "An opt-out on one platform leaves the other alone, and an opt-in undoes it.", OptOutPerPlatformAsync),
        new("optout.all-platforms", StoreKind.OptOut, "An opt-out for all platforms covers each; an opt-in on one platform leaves the others opted out.", OptOutAllAsync),
        new("optout.repeats", StoreKind.OptOut, "Repeated opt-outs and opt-ins are idempotent; an unknown number is not opted out.", OptOutRepeatsAsync),
        new("optout.batch-lookup", StoreKind.OptOut, "GetOptedOutAsync over more than 100 numbers (with a repeat) agrees with IsOptedOutAsync for each, on each platform, for per-platform and all-platform opt-outs.", OptOutBatchAsync),
        new("window.boundary", StoreKind.ConversationWindow, "The window is open until just before 24 hours after the last inbound message and closed at exactly 24 hours.", WindowBoundaryAsync),
        new("window.out-of-order", StoreKind.ConversationWindow, "An older inbound message recorded late does not move the window back; a newer one extends it.", WindowOutOfOrderAsync),
        new("tracker.every-pair", StoreKind.DeliveryTracker, "For every ordered pair of statuses, the second update applies exactly when DeliveryStatusExtensions.CanAdvanceTo says.", TrackerEveryPairAsync),
        new("tracker.accepted-then-updates", StoreKind.DeliveryTracker, "An accepted send is Queued with its recipient and reference, then follows the status rules.", TrackerAcceptedAsync),
        new("tracker.update-before-accept", StoreKind.DeliveryTracker, "An update that overtakes the acceptance keeps its status; the acceptance fills in what only the send knew.", TrackerUpdateFirstAsync),
        new("tracker.final-replaces-intermediate-error", StoreKind.DeliveryTracker, "A final status replaces the error code an intermediate report left (with its own, or none); a late intermediate failure changes nothing.", TrackerFinalErrorAsync),
        new("tracker.late-price", StoreKind.DeliveryTracker, "A price on an out-of-order update is kept although the status is not changed.", TrackerLatePriceAsync),
        new("tracker.concurrent-updates", StoreKind.DeliveryTracker, "Concurrent updates of one message are applied atomically: no final status is undone, and of two rival final statuses exactly one wins.", TrackerConcurrentAsync),
        new("tracker.batch-accept", StoreKind.DeliveryTracker, "RecordAcceptedManyAsync records every message of a batch (more than 25) as Queued with its recipient and reference, and updates then follow the status rules.", TrackerBatchAsync),
        new("tracker.batch-after-update", StoreKind.DeliveryTracker, "A batch acceptance written after a message's delivery update keeps that update's status (a final one above all) and fills in what only the send knew.", TrackerBatchAfterUpdateAsync),
        new("tracker.batch-duplicates", StoreKind.DeliveryTracker, "A message id repeated in a batch is recorded once, as one accepted message.", TrackerBatchDuplicatesAsync),
        new("tracker.batch-empty", StoreKind.DeliveryTracker, "An empty batch is accepted and records nothing.", TrackerBatchEmptyAsync),
        new("claims.first-wins", StoreKind.SendClaim, "The first claim of a key is acquired; a second one sees it in progress.", ClaimsFirstWinsAsync),
        new("claims.complete-and-replay", StoreKind.SendClaim, "A completed claim hands its stored result (accepted or failed) to later claims; one completed without a result says so.", ClaimsReplayAsync),
        new("claims.release", StoreKind.SendClaim, "A released claim can be acquired again.", ClaimsReleaseAsync),
        new("claims.race", StoreKind.SendClaim, "Of many concurrent claims of one key exactly one is acquired.", ClaimsRaceAsync),
        new("claims.expiry", StoreKind.SendClaim, "A claim ends exactly at its lifetime, in progress or completed, and can then be acquired again.", ClaimsExpiryAsync),
    ];

    /// <summary>The cases for the given kinds of store.</summary>
    /// <param name="kinds">The kinds of store implemented.</param>
    /// <returns>The cases, in the order of <see cref="Cases"/>.</returns>
    public static IReadOnlyList<StoreConformanceCase> CasesFor(params StoreKind[] kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        return [.. Cases.Where(c => kinds.Contains(c.Store))];
    }

    // ---- opt-outs

    private static async Task OptOutPerPlatformAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var store = Need(subject.OptOuts, nameof(subject.OptOuts));
        var number = NewNumber();
        await store.OptOutAsync(number, MessagingPlatform.Sms, ct).ConfigureAwait(false);
        await ExpectOptedOutAsync(store, number, MessagingPlatform.Sms, true, "after OptOutAsync(Sms)", ct).ConfigureAwait(false);
        await ExpectOptedOutAsync(store, number, MessagingPlatform.WhatsApp, false, "after OptOutAsync(Sms) only", ct).ConfigureAwait(false);
        await store.OptInAsync(number, MessagingPlatform.Sms, ct).ConfigureAwait(false);
        await ExpectOptedOutAsync(store, number, MessagingPlatform.Sms, false, "after OptInAsync(Sms)", ct).ConfigureAwait(false);
    }

    private static async Task OptOutAllAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var store = Need(subject.OptOuts, nameof(subject.OptOuts));
        var number = NewNumber();
        await store.OptOutAsync(number, null, ct).ConfigureAwait(false);
        await ExpectOptedOutAsync(store, number, MessagingPlatform.Sms, true, "after OptOutAsync(all platforms)", ct).ConfigureAwait(false);
        await ExpectOptedOutAsync(store, number, MessagingPlatform.WhatsApp, true, "after OptOutAsync(all platforms)", ct).ConfigureAwait(false);
        await store.OptInAsync(number, MessagingPlatform.WhatsApp, ct).ConfigureAwait(false);
        await ExpectOptedOutAsync(store, number, MessagingPlatform.WhatsApp, false, "after OptOutAsync(all) then OptInAsync(WhatsApp)", ct).ConfigureAwait(false);
        await ExpectOptedOutAsync(store, number, MessagingPlatform.Sms, true, "after OptOutAsync(all) then OptInAsync(WhatsApp)", ct).ConfigureAwait(false);
        await store.OptInAsync(number, null, ct).ConfigureAwait(false);
        await ExpectOptedOutAsync(store, number, MessagingPlatform.Sms, false, "after OptInAsync(all platforms)", ct).ConfigureAwait(false);
    }

    private static async Task OptOutRepeatsAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var store = Need(subject.OptOuts, nameof(subject.OptOuts));
        var number = NewNumber();
        await ExpectOptedOutAsync(store, number, MessagingPlatform.Sms, false, "for a number never seen", ct).ConfigureAwait(false);
        await store.OptInAsync(number, MessagingPlatform.Sms, ct).ConfigureAwait(false);
        await store.OptOutAsync(number, MessagingPlatform.Sms, ct).ConfigureAwait(false);
        await store.OptOutAsync(number, MessagingPlatform.Sms, ct).ConfigureAwait(false);
        await ExpectOptedOutAsync(store, number, MessagingPlatform.Sms, true, "after two opt-outs", ct).ConfigureAwait(false);
        await store.OptInAsync(number, MessagingPlatform.Sms, ct).ConfigureAwait(false);
        await ExpectOptedOutAsync(store, number, MessagingPlatform.Sms, false, "after two opt-outs and one opt-in", ct).ConfigureAwait(false);
    }

    private static async Task OptOutBatchAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var store = Need(subject.OptOuts, nameof(subject.OptOuts));
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        while (numbers.Count < 130)
        {
            numbers.Add(NewNumber());
        }

        var list = numbers.ToList();
        // Every third number opts out: of SMS, of WhatsApp, or of all platforms, in turn.
        for (var i = 0; i < list.Count; i += 3)
        {
            MessagingPlatform? platform = (i / 3 % 3) switch { 0 => MessagingPlatform.Sms, 1 => MessagingPlatform.WhatsApp, _ => null };
            await store.OptOutAsync(list[i], platform, ct).ConfigureAwait(false);
        }

        // An all-platform opt-out undone on one platform, and a number asked twice.
        await store.OptOutAsync(list[5], null, ct).ConfigureAwait(false);
        await store.OptInAsync(list[5], MessagingPlatform.Sms, ct).ConfigureAwait(false);
        list.Add(list[0]);

        foreach (var platform in Enum.GetValues<MessagingPlatform>())
        {
            var expected = new HashSet<string>(StringComparer.Ordinal);
            foreach (var number in numbers)
            {
                if (await store.IsOptedOutAsync(number, platform, ct).ConfigureAwait(false))
                {
                    expected.Add(number);
                }
            }

            var actual = await store.GetOptedOutAsync(list, platform, ct).ConfigureAwait(false);
            if (!actual.SetEquals(expected) || expected.Count == 0)
            {
                throw Fail($"GetOptedOutAsync({platform}) over {list.Count} numbers found {actual.Count} opted out, IsOptedOutAsync one by one {expected.Count}; " +
                    $"they differ on {string.Join(", ", actual.Except(expected).Concat(expected.Except(actual)).Take(5))}.");
            }

            if ((await store.GetOptedOutAsync([], platform, ct).ConfigureAwait(false)).Count != 0)
            {
                throw Fail($"GetOptedOutAsync({platform}) of no numbers returned some; expected an empty set.");
            }
        }
    }

    // ---- windows

    private static async Task WindowBoundaryAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var store = Need(subject.Windows, nameof(subject.Windows));
        var number = NewNumber();
        await ExpectOpenAsync(store, number, false, "before any inbound message", ct).ConfigureAwait(false);
        await store.RecordInboundAsync(number, clock.GetUtcNow(), ct).ConfigureAwait(false);
        await ExpectOpenAsync(store, number, true, "right after an inbound message", ct).ConfigureAwait(false);
        clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMilliseconds(1));
        await ExpectOpenAsync(store, number, true, "24 h − 1 ms after the inbound message", ct).ConfigureAwait(false);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await ExpectOpenAsync(store, number, false, "exactly 24 h after the inbound message", ct).ConfigureAwait(false);
    }

    private static async Task WindowOutOfOrderAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var store = Need(subject.Windows, nameof(subject.Windows));
        var number = NewNumber();
        var latest = clock.GetUtcNow();
        await store.RecordInboundAsync(number, latest, ct).ConfigureAwait(false);
        await store.RecordInboundAsync(number, latest - TimeSpan.FromHours(3), ct).ConfigureAwait(false);
        clock.Advance(TimeSpan.FromHours(23));
        await ExpectOpenAsync(store, number, true, "23 h after the latest message, when a 3 h older one was recorded after it", ct).ConfigureAwait(false);
        await store.RecordInboundAsync(number, clock.GetUtcNow(), ct).ConfigureAwait(false);
        clock.Advance(TimeSpan.FromHours(2));
        await ExpectOpenAsync(store, number, true, "2 h after a newer message extended the window", ct).ConfigureAwait(false);
    }

    // ---- delivery tracker

    private static async Task TrackerEveryPairAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var tracker = Need(subject.Tracker, nameof(subject.Tracker));
        foreach (var first in Statuses)
        {
            foreach (var second in Statuses)
            {
                var id = NewMessageId();
                if (!await tracker.ApplyAsync(new DeliveryStatusUpdate(id, MessagingPlatform.Sms, first) { Timestamp = clock.GetUtcNow() }, ct).ConfigureAwait(false))
                {
                    throw Fail($"ApplyAsync({first}) on an untracked message returned false; the first update of a message must be recorded (true).");
                }

                var expected = first.CanAdvanceTo(second);
                var applied = await tracker.ApplyAsync(new DeliveryStatusUpdate(id, MessagingPlatform.Sms, second) { Timestamp = clock.GetUtcNow() }, ct).ConfigureAwait(false);
                var record = await tracker.GetAsync(id, ct).ConfigureAwait(false) ?? throw Fail($"GetAsync returned null for a message updated with {first} then {second}.");
                var status = expected ? second : first;
                if (applied != expected || record.Status != status)
                {
                    throw Fail($"{first} then {second}: ApplyAsync returned {applied} and the status is {record.Status}; expected {expected} and {status} (CanAdvanceTo({first}, {second}) is {expected}).");
                }
            }
        }
    }

    private static async Task TrackerAcceptedAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var tracker = Need(subject.Tracker, nameof(subject.Tracker));
        var id = NewMessageId();
        var number = NewNumber();
        await tracker.RecordAcceptedAsync(Accepted(id, number, "ref-" + id), ct).ConfigureAwait(false);
        var record = await tracker.GetAsync(id, ct).ConfigureAwait(false) ?? throw Fail("GetAsync returned null for an accepted message.");
        if (record.Status != DeliveryStatus.Queued || record.Recipient != number || record.ClientReference != "ref-" + id ||
            record.Platform != MessagingPlatform.WhatsApp || record.AcceptedAt is not { } acceptedAt || (acceptedAt - clock.GetUtcNow()).Duration() > TimeSpan.FromSeconds(1))
        {
            throw Fail($"An accepted message reads back as {record}; expected Queued on WhatsApp with its recipient, reference and AcceptedAt = the clock's now.");
        }

        await ExpectApplyAsync(tracker, id, DeliveryStatus.Sent, true, DeliveryStatus.Sent, clock, ct).ConfigureAwait(false);
        await ExpectApplyAsync(tracker, id, DeliveryStatus.Delivered, true, DeliveryStatus.Delivered, clock, ct).ConfigureAwait(false);
        await ExpectApplyAsync(tracker, id, DeliveryStatus.Sent, false, DeliveryStatus.Delivered, clock, ct).ConfigureAwait(false);
        await ExpectApplyAsync(tracker, id, DeliveryStatus.Read, true, DeliveryStatus.Read, clock, ct).ConfigureAwait(false);
        await ExpectApplyAsync(tracker, id, DeliveryStatus.Read, false, DeliveryStatus.Read, clock, ct).ConfigureAwait(false);
        if (await tracker.GetAsync(NewMessageId(), ct).ConfigureAwait(false) is { } stray)
        {
            throw Fail($"GetAsync of a message id never seen returned {stray}; expected null.");
        }
    }

    private static async Task TrackerUpdateFirstAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var tracker = Need(subject.Tracker, nameof(subject.Tracker));
        var id = NewMessageId();
        var number = NewNumber();
        await ExpectApplyAsync(tracker, id, DeliveryStatus.Delivered, true, DeliveryStatus.Delivered, clock, ct).ConfigureAwait(false);
        await tracker.RecordAcceptedAsync(Accepted(id, number, "ref-" + id), ct).ConfigureAwait(false);
        var record = await tracker.GetAsync(id, ct).ConfigureAwait(false) ?? throw Fail("GetAsync returned null.");
        if (record.Status != DeliveryStatus.Delivered || record.Recipient != number || record.ClientReference != "ref-" + id || record.AcceptedAt is null)
        {
            throw Fail($"After Delivered then the acceptance the record is {record}; expected Delivered with the recipient, reference and AcceptedAt filled in.");
        }
    }

    private static async Task TrackerFinalErrorAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var tracker = Need(subject.Tracker, nameof(subject.Tracker));
        var id = NewMessageId();
        var intermediate = new DeliveryStatusUpdate(id, MessagingPlatform.Sms, DeliveryStatus.Sent) { Timestamp = clock.GetUtcNow(), ErrorCode = "CARRIER_UNREACHABLE" };
        await tracker.ApplyAsync(intermediate, ct).ConfigureAwait(false);
        var delivered = new DeliveryStatusUpdate(id, MessagingPlatform.Sms, DeliveryStatus.Delivered) { Timestamp = clock.GetUtcNow() };
        if (!await tracker.ApplyAsync(delivered, ct).ConfigureAwait(false))
        {
            throw Fail("ApplyAsync(Delivered) after an intermediate Sent returned false.");
        }

        await tracker.ApplyAsync(intermediate, ct).ConfigureAwait(false);
        var record = await tracker.GetAsync(id, ct).ConfigureAwait(false) ?? throw Fail("GetAsync returned null.");
        if (record.Status != DeliveryStatus.Delivered || record.ErrorCode is not null)
        {
            throw Fail($"After an intermediate failure, Delivered, then the intermediate failure again, the record is {record}; expected Delivered with no ErrorCode.");
        }
    }

    private static async Task TrackerLatePriceAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var tracker = Need(subject.Tracker, nameof(subject.Tracker));
        var id = NewMessageId();
        await ExpectApplyAsync(tracker, id, DeliveryStatus.Delivered, true, DeliveryStatus.Delivered, clock, ct).ConfigureAwait(false);
        var late = new DeliveryStatusUpdate(id, MessagingPlatform.Sms, DeliveryStatus.Sent) { Timestamp = clock.GetUtcNow(), Price = 0.0075m, PriceCurrency = "USD" };
        if (await tracker.ApplyAsync(late, ct).ConfigureAwait(false))
        {
            throw Fail("ApplyAsync(Sent) after Delivered returned true.");
        }

        var record = await tracker.GetAsync(id, ct).ConfigureAwait(false) ?? throw Fail("GetAsync returned null.");
        if (record.Status != DeliveryStatus.Delivered || record.Price != 0.0075m || record.PriceCurrency != "USD")
        {
            throw Fail($"After Delivered then a late Sent with a price the record is {record}; expected Delivered with Price 0.0075 USD.");
        }
    }

    private static async Task TrackerConcurrentAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var tracker = Need(subject.Tracker, nameof(subject.Tracker));
        for (var round = 0; round < 10; round++)
        {
            var id = NewMessageId();
            await tracker.RecordAcceptedAsync(Accepted(id, NewNumber(), null), ct).ConfigureAwait(false);
            DeliveryStatus[] order = round % 2 == 0
                ? [DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Sent, DeliveryStatus.Queued, DeliveryStatus.Sent]
                : [DeliveryStatus.Queued, DeliveryStatus.Sent, DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Queued];
            await Task.WhenAll(order.Select(s => Task.Run(() => tracker.ApplyAsync(new DeliveryStatusUpdate(id, MessagingPlatform.WhatsApp, s) { Timestamp = clock.GetUtcNow() }, ct).AsTask(), ct))).ConfigureAwait(false);
            var record = await tracker.GetAsync(id, ct).ConfigureAwait(false) ?? throw Fail("GetAsync returned null.");
            if (record.Status != DeliveryStatus.Delivered)
            {
                throw Fail($"Concurrent updates {string.Join(", ", order)} left the status {record.Status}; Delivered is final and must win (a read-modify-write race undoes it).");
            }

            var rival = NewMessageId();
            await tracker.RecordAcceptedAsync(Accepted(rival, NewNumber(), null), ct).ConfigureAwait(false);
            var results = await Task.WhenAll(
                Task.Run(() => tracker.ApplyAsync(new DeliveryStatusUpdate(rival, MessagingPlatform.WhatsApp, DeliveryStatus.Undelivered) { Timestamp = clock.GetUtcNow() }, ct).AsTask(), ct),
                Task.Run(() => tracker.ApplyAsync(new DeliveryStatusUpdate(rival, MessagingPlatform.WhatsApp, DeliveryStatus.Failed) { Timestamp = clock.GetUtcNow() }, ct).AsTask(), ct)).ConfigureAwait(false);
            var final = (await tracker.GetAsync(rival, ct).ConfigureAwait(false))?.Status;
            var winner = results[0] ? DeliveryStatus.Undelivered : DeliveryStatus.Failed;
            if (results[0] == results[1] || final != winner)
            {
                throw Fail($"Concurrent Undelivered and Failed returned {results[0]} and {results[1]} and left {final}; exactly one final status may apply, and it must be the one recorded.");
            }
        }
    }

    private static async Task TrackerBatchAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var tracker = Need(subject.Tracker, nameof(subject.Tracker));
        var batch = Enumerable.Range(0, 60).Select(i => Accepted(NewMessageId(), NewNumber(), i % 2 == 0 ? "ref-" + i : null)).ToList();
        await tracker.RecordAcceptedManyAsync(batch, ct).ConfigureAwait(false);
        foreach (var sent in batch)
        {
            var record = await tracker.GetAsync(sent.MessageId!, ct).ConfigureAwait(false) ?? throw Fail($"GetAsync returned null for message {sent.MessageId} of a batch of {batch.Count}.");
            if (record.Status != DeliveryStatus.Queued || record.Recipient != sent.Recipient || record.ClientReference != sent.ClientReference ||
                record.Platform != MessagingPlatform.WhatsApp || record.AcceptedAt is not { } acceptedAt || (acceptedAt - clock.GetUtcNow()).Duration() > TimeSpan.FromSeconds(1))
            {
                throw Fail($"A message of a batch reads back as {record}; expected Queued on WhatsApp with recipient {sent.Recipient}, reference {sent.ClientReference ?? "none"} and AcceptedAt = the clock's now.");
            }
        }

        var id = batch[0].MessageId!;
        await ExpectApplyAsync(tracker, id, DeliveryStatus.Queued, false, DeliveryStatus.Queued, clock, ct).ConfigureAwait(false);
        await ExpectApplyAsync(tracker, id, DeliveryStatus.Unknown, false, DeliveryStatus.Queued, clock, ct).ConfigureAwait(false);
        await ExpectApplyAsync(tracker, id, DeliveryStatus.Sent, true, DeliveryStatus.Sent, clock, ct).ConfigureAwait(false);
        await ExpectApplyAsync(tracker, id, DeliveryStatus.Delivered, true, DeliveryStatus.Delivered, clock, ct).ConfigureAwait(false);
        await ExpectApplyAsync(tracker, id, DeliveryStatus.Sent, false, DeliveryStatus.Delivered, clock, ct).ConfigureAwait(false);
        await ExpectApplyAsync(tracker, batch[1].MessageId!, DeliveryStatus.Failed, true, DeliveryStatus.Failed, clock, ct).ConfigureAwait(false);
    }

    private static async Task TrackerBatchAfterUpdateAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var tracker = Need(subject.Tracker, nameof(subject.Tracker));
        var delivered = Accepted(NewMessageId(), NewNumber(), "ref-delivered");
        var sent = Accepted(NewMessageId(), NewNumber(), null);
        var fresh = Accepted(NewMessageId(), NewNumber(), null);
        await ExpectApplyAsync(tracker, delivered.MessageId!, DeliveryStatus.Delivered, true, DeliveryStatus.Delivered, clock, ct).ConfigureAwait(false);
        await ExpectApplyAsync(tracker, sent.MessageId!, DeliveryStatus.Sent, true, DeliveryStatus.Sent, clock, ct).ConfigureAwait(false);
        await tracker.RecordAcceptedManyAsync([delivered, sent, fresh], ct).ConfigureAwait(false);

        var record = await tracker.GetAsync(delivered.MessageId!, ct).ConfigureAwait(false) ?? throw Fail("GetAsync returned null.");
        if (record.Status != DeliveryStatus.Delivered || record.Recipient != delivered.Recipient || record.ClientReference != "ref-delivered" || record.AcceptedAt is null)
        {
            throw Fail($"After Delivered then a batch acceptance the record is {record}; expected Delivered (a final status is never undone) with the recipient, reference and AcceptedAt filled in.");
        }

        var second = await tracker.GetAsync(sent.MessageId!, ct).ConfigureAwait(false);
        var third = await tracker.GetAsync(fresh.MessageId!, ct).ConfigureAwait(false);
        if (second?.Status != DeliveryStatus.Sent || second.Recipient != sent.Recipient || third?.Status != DeliveryStatus.Queued)
        {
            throw Fail($"After Sent then a batch acceptance the record is {second?.ToString() ?? "null"}, and the batch's untouched message {third?.ToString() ?? "null"}; expected Sent with the recipient filled in, and Queued.");
        }
    }

    private static async Task TrackerBatchDuplicatesAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var tracker = Need(subject.Tracker, nameof(subject.Tracker));
        var number = NewNumber();
        var once = Accepted(NewMessageId(), number, "ref-dup");
        var other = Accepted(NewMessageId(), NewNumber(), null);
        await tracker.RecordAcceptedManyAsync([once, other, once, once], ct).ConfigureAwait(false);
        var record = await tracker.GetAsync(once.MessageId!, ct).ConfigureAwait(false);
        if (record is not { Status: DeliveryStatus.Queued } || record.Recipient != number || record.ClientReference != "ref-dup" ||
            await tracker.GetAsync(other.MessageId!, ct).ConfigureAwait(false) is not { Status: DeliveryStatus.Queued })
        {
            throw Fail($"A batch with a message id three times left {record?.ToString() ?? "no record"}; expected one Queued record with its recipient and reference, and the batch's other message Queued.");
        }

        await ExpectApplyAsync(tracker, once.MessageId!, DeliveryStatus.Delivered, true, DeliveryStatus.Delivered, clock, ct).ConfigureAwait(false);
    }

    private static async Task TrackerBatchEmptyAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var tracker = Need(subject.Tracker, nameof(subject.Tracker));
        await tracker.RecordAcceptedManyAsync([], ct).ConfigureAwait(false);
        if (await tracker.GetAsync(NewMessageId(), ct).ConfigureAwait(false) is { } stray)
        {
            throw Fail($"After an empty batch, GetAsync of a message id never seen returned {stray}; expected null.");
        }
    }

    // ---- claims

    private static async Task ClaimsFirstWinsAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var claims = Need(subject.Claims, nameof(subject.Claims));
        var key = NewKey();
        await ExpectClaimAsync(claims, key, SendClaimState.Acquired, "the first claim", ct).ConfigureAwait(false);
        await ExpectClaimAsync(claims, key, SendClaimState.InProgress, "a second claim before completion", ct).ConfigureAwait(false);
        await ExpectClaimAsync(claims, NewKey(), SendClaimState.Acquired, "the first claim of another key", ct).ConfigureAwait(false);
    }

    private static async Task ClaimsReplayAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var claims = Need(subject.Claims, nameof(subject.Claims));
        var accepted = new SendResult
        {
            Status = SendStatus.Accepted,
            Platform = MessagingPlatform.Sms,
            MessageId = NewMessageId(),
            ProviderName = "conformance",
            Recipient = NewNumber(),
            ClientReference = "order-1",
            OriginationIdentity = "pool-1",
            Attempts = 2,
            Segments = 1,
        };
        var failed = new SendResult
        {
            Status = SendStatus.Failed,
            Platform = MessagingPlatform.WhatsApp,
            ProviderName = "conformance",
            Recipient = NewNumber(),
            ClientReference = "order-2",
            Attempts = 1,
            Error = new MessagingError(MessagingErrorCode.AuthenticationFailed, "Bad credentials.", "20003", isTransient: false),
        };
        foreach (var first in new[] { accepted, failed })
        {
            var key = NewKey();
            await ExpectClaimAsync(claims, key, SendClaimState.Acquired, "the first claim", ct).ConfigureAwait(false);
            await claims.CompleteAsync(key, first, TimeSpan.FromHours(1), ct).ConfigureAwait(false);
            var again = await claims.TryClaimAsync(key, TimeSpan.FromHours(1), ct).ConfigureAwait(false);
            if (again.State != SendClaimState.Completed || again.Result is not { } stored)
            {
                throw Fail($"A claim completed with a result reads back as {again.State} with result {again.Result?.ToString() ?? "null"}; expected Completed with the result.");
            }

            if (stored.Status != first.Status || stored.Platform != first.Platform || stored.MessageId != first.MessageId ||
                stored.ProviderName != first.ProviderName || stored.Recipient != first.Recipient || stored.ClientReference != first.ClientReference ||
                stored.OriginationIdentity != first.OriginationIdentity || stored.Attempts != first.Attempts || stored.Segments != first.Segments ||
                stored.Error?.Code != first.Error?.Code || stored.Error?.Message != first.Error?.Message ||
                stored.Error?.ProviderCode != first.Error?.ProviderCode || stored.Error?.IsTransient != first.Error?.IsTransient)
            {
                throw Fail($"The stored result {stored} (message id {stored.MessageId}, recipient {stored.Recipient}, attempts {stored.Attempts}) differs from the completed one {first}.");
            }
        }

        var bare = NewKey();
        await ExpectClaimAsync(claims, bare, SendClaimState.Acquired, "the first claim", ct).ConfigureAwait(false);
        await claims.CompleteAsync(bare, null, TimeSpan.FromHours(1), ct).ConfigureAwait(false);
        var done = await claims.TryClaimAsync(bare, TimeSpan.FromHours(1), ct).ConfigureAwait(false);
        if (done.State != SendClaimState.Completed || done.Result is not null)
        {
            throw Fail($"A claim completed without a result reads back as {done.State} with result {done.Result?.ToString() ?? "null"}; expected Completed and null.");
        }
    }

    private static async Task ClaimsReleaseAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var claims = Need(subject.Claims, nameof(subject.Claims));
        var key = NewKey();
        await ExpectClaimAsync(claims, key, SendClaimState.Acquired, "the first claim", ct).ConfigureAwait(false);
        await claims.ReleaseAsync(key, ct).ConfigureAwait(false);
        await ExpectClaimAsync(claims, key, SendClaimState.Acquired, "a claim after release", ct).ConfigureAwait(false);
        await ExpectClaimAsync(claims, key, SendClaimState.InProgress, "a claim after the re-acquired one", ct).ConfigureAwait(false);
    }

    private static async Task ClaimsRaceAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var claims = Need(subject.Claims, nameof(subject.Claims));
        const int Contenders = 16;
        for (var round = 0; round < 5; round++)
        {
            var key = NewKey();
            using var start = new ManualResetEventSlim();
            var racers = Enumerable.Range(0, Contenders)
                .Select(_ => Task.Run(async () =>
                {
                    start.Wait(ct);
                    return await claims.TryClaimAsync(key, TimeSpan.FromMinutes(5), ct).ConfigureAwait(false);
                }, ct))
                .ToArray();
            start.Set();
            var outcomes = await Task.WhenAll(racers).ConfigureAwait(false);
            var winners = outcomes.Count(o => o.State == SendClaimState.Acquired);
            var others = outcomes.Count(o => o.State == SendClaimState.InProgress);
            if (winners != 1 || others != Contenders - 1)
            {
                throw Fail($"{Contenders} concurrent claims of one key gave {winners} Acquired and {others} InProgress; expected exactly 1 and {Contenders - 1}.");
            }
        }
    }

    private static async Task ClaimsExpiryAsync(StoreConformanceSubject subject, ConformanceClock clock, CancellationToken ct)
    {
        var claims = Need(subject.Claims, nameof(subject.Claims));
        var key = NewKey();
        await ExpectClaimAsync(claims, key, SendClaimState.Acquired, "the first claim (lifetime 1 min)", ct, TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        clock.Advance(TimeSpan.FromSeconds(59));
        await ExpectClaimAsync(claims, key, SendClaimState.InProgress, "a claim 59 s into a 1 min claim", ct).ConfigureAwait(false);
        clock.Advance(TimeSpan.FromSeconds(1));
        await ExpectClaimAsync(claims, key, SendClaimState.Acquired, "a claim exactly 1 min after a 1 min claim", ct, TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        await claims.CompleteAsync(key, null, TimeSpan.FromMinutes(10), ct).ConfigureAwait(false);
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await ExpectClaimAsync(claims, key, SendClaimState.Completed, "a claim 1 s before a completed claim's 10 min lifetime ends", ct).ConfigureAwait(false);
        clock.Advance(TimeSpan.FromSeconds(1));
        await ExpectClaimAsync(claims, key, SendClaimState.Acquired, "a claim exactly when a completed claim's 10 min lifetime ends", ct).ConfigureAwait(false);
    }

    // ---- helpers

    private static T Need<T>(T? store, string name)
        where T : class =>
        store ?? throw new StoreConformanceException($"The store factory did not set {nameof(StoreConformanceSubject)}.{name}, which this case checks.");

    private static StoreConformanceException Fail(string message) => new(message);

    private static async Task ExpectOptedOutAsync(IOptOutStore store, string number, MessagingPlatform platform, bool expected, string when, CancellationToken ct)
    {
        var actual = await store.IsOptedOutAsync(number, platform, ct).ConfigureAwait(false);
        if (actual != expected)
        {
            throw Fail($"IsOptedOutAsync({platform}) returned {actual} {when}; expected {expected}.");
        }
    }

    private static async Task ExpectOpenAsync(IConversationWindowStore store, string number, bool expected, string when, CancellationToken ct)
    {
        var actual = await store.IsOpenAsync(number, ct).ConfigureAwait(false);
        if (actual != expected)
        {
            throw Fail($"IsOpenAsync returned {actual} {when}; expected {expected}.");
        }
    }

    private static async Task ExpectApplyAsync(IDeliveryTracker tracker, string id, DeliveryStatus status, bool applies, DeliveryStatus then, ConformanceClock clock, CancellationToken ct)
    {
        var applied = await tracker.ApplyAsync(new DeliveryStatusUpdate(id, MessagingPlatform.WhatsApp, status) { Timestamp = clock.GetUtcNow() }, ct).ConfigureAwait(false);
        var record = await tracker.GetAsync(id, ct).ConfigureAwait(false);
        if (applied != applies || record?.Status != then)
        {
            throw Fail($"ApplyAsync({status}) returned {applied} and left {record?.Status.ToString() ?? "no record"}; expected {applies} and {then}.");
        }
    }

    private static async Task ExpectClaimAsync(ISendClaimStore claims, string key, SendClaimState expected, string what, CancellationToken ct, TimeSpan? lifetime = null)
    {
        var claim = await claims.TryClaimAsync(key, lifetime ?? TimeSpan.FromMinutes(1), ct).ConfigureAwait(false);
        if (claim.State != expected)
        {
            throw Fail($"TryClaimAsync gave {claim.State} for {what}; expected {expected}.");
        }
    }

    private static SendResult Accepted(string id, string number, string? reference) => new()
    {
        Status = SendStatus.Accepted,
        Platform = MessagingPlatform.WhatsApp,
        MessageId = id,
        Recipient = number,
        ClientReference = reference,
        ProviderName = "conformance",
    };

    /// <summary>A valid-looking E.164 number no other case uses (+1 555 01xx xxxx range, fictional).</summary>
    private static string NewNumber() =>
        "+1555" + RandomNumberGenerator.GetInt32(0, 10_000_000).ToString("D7", CultureInfo.InvariantCulture);

    private static string NewMessageId() => Guid.NewGuid().ToString();

    private static string NewKey() => "conformance:" + Guid.NewGuid().ToString("N");
}
