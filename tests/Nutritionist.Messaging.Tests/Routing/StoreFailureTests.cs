using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Routing;

public class StoreFailureTests
{
    [Test]
    public async Task A_failing_opt_out_store_fails_closed_with_a_result_not_an_exception()
    {
        using var harness = new MessagingHarness(build: b => b.UseOptOutStore<BrokenOptOutStore>());

        var result = await harness.Client.SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Failed));
        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.ProviderUnavailable));
        Assert.That(result.Error.IsTransient, Is.True);
        Assert.That(result.Error.Message, Does.Contain("opt-out").And.Contain(nameof(BrokenOptOutStore)).And.Contain("not sent"));
        Assert.That(harness.Sms.Calls, Is.Zero);
    }

    [Test]
    public async Task A_failing_delivery_tracker_does_not_turn_an_accepted_message_into_a_failure()
    {
        using var harness = new MessagingHarness(build: b => b.UseDeliveryTracker<BrokenTracker>());

        var result = await harness.Client.SendAsync(MessagingPlatform.Sms, "+12015550123", "Hi");

        Assert.That(result.Status, Is.EqualTo(SendStatus.Accepted));
        Assert.That(harness.Services.GetRequiredService<IDeliveryTracker>(), Is.InstanceOf<BrokenTracker>());
    }

    private sealed class BrokenOptOutStore : IOptOutStore
    {
        public ValueTask<bool> IsOptedOutAsync(string phoneNumber, MessagingPlatform platform, CancellationToken cancellationToken = default) => throw new TimeoutException("redis timed out");

        public ValueTask OptOutAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default) => throw new TimeoutException();

        public ValueTask OptInAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default) => throw new TimeoutException();
    }

    private sealed class BrokenTracker : IDeliveryTracker
    {
        public ValueTask RecordAcceptedAsync(SendResult result, CancellationToken cancellationToken = default) => throw new InvalidOperationException("db down");

        public ValueTask<bool> ApplyAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken = default) => throw new InvalidOperationException();

        public ValueTask<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken = default) => throw new InvalidOperationException();

        public DeliveryStatistics GetStatistics() => throw new InvalidOperationException();
    }
}
