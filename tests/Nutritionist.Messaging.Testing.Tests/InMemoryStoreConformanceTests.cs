using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Idempotency;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Testing.Conformance;

namespace Nutritionist.Messaging.Testing.Tests;

// The conformance kit against the core's in-memory stores (the DynamoDB and Redis runs live in the shared-state tests).
public class InMemoryStoreConformanceTests
{
    public static IEnumerable<StoreConformanceCase> Cases => StoreConformance.Cases;

    [TestCaseSource(nameof(Cases))]
    public Task In_memory_stores_conform(StoreConformanceCase conformanceCase) =>
        conformanceCase.RunAsync((clock, _) => ValueTask.FromResult(new StoreConformanceSubject
        {
            OptOuts = new InMemoryOptOutStore(),
            Windows = new InMemoryConversationWindowStore(clock),
            Tracker = new InMemoryDeliveryTracker(clock),
            Claims = new InMemorySendClaimStore(clock),
        }));

    [Test]
    public void Every_store_kind_has_cases_and_names_are_unique()
    {
        Assert.Multiple(() =>
        {
            foreach (var kind in Enum.GetValues<StoreKind>())
            {
                Assert.That(StoreConformance.CasesFor(kind), Is.Not.Empty, kind.ToString());
            }

            Assert.That(StoreConformance.Cases.Select(c => c.Name), Is.Unique);
        });
    }

    [Test]
    public void A_store_that_undoes_a_final_status_is_caught()
    {
        var tracker = StoreConformance.Cases.Single(c => c.Name == "tracker.every-pair");
        var error = Assert.ThrowsAsync<StoreConformanceException>(() =>
            tracker.RunAsync((clock, _) => ValueTask.FromResult(new StoreConformanceSubject { Tracker = new LastWriteWinsTracker() })));
        Assert.That(error!.Message, Does.Contain("CanAdvanceTo"));
    }

    [Test]
    public void A_claim_store_without_atomic_claims_is_caught()
    {
        var race = StoreConformance.Cases.Single(c => c.Name == "claims.first-wins");
        var error = Assert.ThrowsAsync<StoreConformanceException>(() =>
            race.RunAsync((_, _) => ValueTask.FromResult(new StoreConformanceSubject { Claims = new AlwaysAcquired() })));
        Assert.That(error!.Message, Does.Contain("expected InProgress"));
    }

    [Test]
    public Task A_store_without_its_own_batch_lookup_conforms_through_the_default()
    {
        var batch = StoreConformance.Cases.Single(c => c.Name == "optout.batch-lookup");
        return batch.RunAsync((_, _) => ValueTask.FromResult(new StoreConformanceSubject { OptOuts = new PerNumberOnly(new InMemoryOptOutStore()) }));
    }

    [Test]
    public void A_batch_lookup_that_disagrees_with_the_per_number_one_is_caught()
    {
        var batch = StoreConformance.Cases.Single(c => c.Name == "optout.batch-lookup");
        var error = Assert.ThrowsAsync<StoreConformanceException>(() =>
            batch.RunAsync((_, _) => ValueTask.FromResult(new StoreConformanceSubject { OptOuts = new FirstHundredOnly() })));
        Assert.That(error!.Message, Does.Contain("GetOptedOutAsync"));
    }

    [Test]
    public void A_missing_store_is_named()
    {
        var error = Assert.ThrowsAsync<StoreConformanceException>(() =>
            StoreConformance.CasesFor(StoreKind.OptOut)[0].RunAsync((_, _) => ValueTask.FromResult(new StoreConformanceSubject())));
        Assert.That(error!.Message, Does.Contain("OptOuts"));
    }

    /// <summary>A tracker that records whatever comes last: what a read-modify-write without the status rules does.</summary>
    private sealed class LastWriteWinsTracker : IDeliveryTracker
    {
        private readonly Dictionary<string, DeliveryRecord> _records = [];

        public ValueTask RecordAcceptedAsync(SendResult result, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default)
        {
            _records[update.MessageId] = new DeliveryRecord(update.MessageId, update.Platform, update.Status, null, null, null, update.Timestamp);
            return ValueTask.FromResult(true);
        }

        public ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(_records.GetValueOrDefault(messageId));

        public DeliveryStatistics GetStatistics() => throw new NotSupportedException();
    }

    /// <summary>A store written before the batch lookup existed: it gets the interface's per-number default.</summary>
    private sealed class PerNumberOnly(IOptOutStore inner) : IOptOutStore
    {
        public ValueTask<bool> IsOptedOutAsync(string phoneNumber, MessagingPlatform platform, CancellationToken cancellationToken = default) =>
            inner.IsOptedOutAsync(phoneNumber, platform, cancellationToken);

        public ValueTask OptOutAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default) =>
            inner.OptOutAsync(phoneNumber, platform, cancellationToken);

        public ValueTask OptInAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default) =>
            inner.OptInAsync(phoneNumber, platform, cancellationToken);
    }

    /// <summary>A batch lookup that reads only its first 100 keys: what ignoring DynamoDB's per-request limit does.</summary>
    private sealed class FirstHundredOnly : IOptOutStore
    {
        private readonly InMemoryOptOutStore _inner = new();

        public ValueTask<bool> IsOptedOutAsync(string phoneNumber, MessagingPlatform platform, CancellationToken cancellationToken = default) =>
            _inner.IsOptedOutAsync(phoneNumber, platform, cancellationToken);

        public ValueTask<IReadOnlySet<string>> GetOptedOutAsync(IReadOnlyCollection<string> phoneNumbers, MessagingPlatform platform, CancellationToken cancellationToken = default) =>
            _inner.GetOptedOutAsync([.. phoneNumbers.Take(100)], platform, cancellationToken);

        public ValueTask OptOutAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default) =>
            _inner.OptOutAsync(phoneNumber, platform, cancellationToken);

        public ValueTask OptInAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default) =>
            _inner.OptInAsync(phoneNumber, platform, cancellationToken);
    }

    private sealed class AlwaysAcquired : ISendClaimStore
    {
        public ValueTask<SendClaim> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default) => ValueTask.FromResult(SendClaim.Acquired);

        public ValueTask CompleteAsync(string key, SendResult? result, TimeSpan lifetime, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
