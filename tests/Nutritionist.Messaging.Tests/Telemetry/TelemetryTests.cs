using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Reliability;
using Nutritionist.Messaging.Telemetry;
using Nutritionist.Messaging.Tests.Fakes;

namespace Nutritionist.Messaging.Tests.Telemetry;

public class TelemetryTests
{
    private const string Number = "+12015550123";

    private static MetricCollector<T> Collect<T>(MessagingHarness harness, string instrument)
        where T : struct =>
        new(harness.Services.GetRequiredService<IMeterFactory>(), MessagingTelemetry.MeterName, instrument);

    [Test]
    public async Task Sends_are_counted_by_platform_provider_and_outcome_with_duration_segments_and_cost()
    {
        using var harness = new MessagingHarness();
        using var sent = Collect<long>(harness, MessagingTelemetry.Instruments.MessagesSent);
        using var duration = Collect<double>(harness, MessagingTelemetry.Instruments.SendDuration);
        using var segments = Collect<long>(harness, MessagingTelemetry.Instruments.Segments);
        using var cost = Collect<double>(harness, MessagingTelemetry.Instruments.EstimatedCost);

        await harness.Client.SendAsync(MessagingPlatform.Sms, Number, new string('a', 200));
        await harness.Client.SendAsync(MessagingPlatform.Sms, "not a number", "Hi");

        var measurements = sent.GetMeasurementSnapshot();
        Assert.That(measurements, Has.Count.EqualTo(2));
        var accepted = measurements.Single(m => (string?)m.Tags[MessagingTelemetryTags.Outcome] == "accepted");
        Assert.That(accepted.Tags[MessagingTelemetryTags.Platform], Is.EqualTo("sms"));
        Assert.That(accepted.Tags[MessagingTelemetryTags.Provider], Is.EqualTo("fake-sms"));
        var rejected = measurements.Single(m => (string?)m.Tags[MessagingTelemetryTags.Outcome] == "rejected");
        Assert.That(rejected.Tags[MessagingTelemetryTags.ErrorType], Is.EqualTo("InvalidRecipient"));
        Assert.That(duration.GetMeasurementSnapshot(), Has.Count.EqualTo(2));
        Assert.That(segments.LastMeasurement!.Value, Is.EqualTo(2));
        Assert.That(cost.LastMeasurement!.Value, Is.GreaterThan(0));
        Assert.That(cost.LastMeasurement.Tags[MessagingTelemetryTags.Currency], Is.EqualTo("USD"));
        AssertNoFullNumber(measurements.SelectMany(m => m.Tags.Values));
    }

    [Test]
    public async Task Retries_fallbacks_rate_limit_waits_inbound_opt_outs_and_delivery_are_measured()
    {
        using var harness = new MessagingHarness(o =>
        {
            o.Retry.MaxAttempts = 2;
            o.Fallback = ChannelFallback.WhatsAppToSms;
            o.EnforceWhatsAppSessionWindow = true;
            o.RateLimits.SmsMessagesPerSecond = 1;
        });
        using var retries = Collect<long>(harness, MessagingTelemetry.Instruments.Retries);
        using var fallbacks = Collect<long>(harness, MessagingTelemetry.Instruments.Fallbacks);
        using var waits = Collect<double>(harness, MessagingTelemetry.Instruments.RateLimitWait);
        using var inbound = Collect<long>(harness, MessagingTelemetry.Instruments.InboundMessages);
        using var optOuts = Collect<long>(harness, MessagingTelemetry.Instruments.OptOutChanges);
        using var updates = Collect<long>(harness, MessagingTelemetry.Instruments.DeliveryUpdates);
        using var actual = Collect<double>(harness, MessagingTelemetry.Instruments.ActualCost);
        var calls = 0;
        harness.Sms.OnSend = (_, _) => ++calls == 1
            ? throw new MessagingException(MessagingErrorCode.Throttled, "slow", "ThrottlingException", 400, isTransient: true)
            : Task.FromResult(new ProviderReceipt("m-" + calls));

        var first = await harness.SendAdvancingTimeAsync(new OutboundMessage(Number, "Hi") { Platform = MessagingPlatform.WhatsApp });
        await harness.SendAdvancingTimeAsync(new OutboundMessage(Number, "Again") { Platform = MessagingPlatform.Sms });
        await harness.Inbound.ProcessMessageAsync(new InboundMessage(MessagingPlatform.Sms, "+12015550199", "STOP"));
        await harness.Inbound.ProcessDeliveryStatusAsync(new DeliveryStatusUpdate(first.MessageId!, MessagingPlatform.Sms, DeliveryStatus.Delivered) { Price = 0.0083m, PriceCurrency = "USD" });

        Assert.Multiple(() =>
        {
            Assert.That(retries.GetMeasurementSnapshot(), Has.Count.EqualTo(1));
            Assert.That(retries.LastMeasurement!.Tags[MessagingTelemetryTags.ErrorType], Is.EqualTo("Throttled"));
            Assert.That(fallbacks.LastMeasurement!.Tags[MessagingTelemetryTags.FallbackFrom], Is.EqualTo("whatsapp"));
            Assert.That(waits.GetMeasurementSnapshot(), Is.Not.Empty, "the second SMS waited for the 1/s limiter");
            Assert.That(inbound.LastMeasurement!.Tags[MessagingTelemetryTags.Keyword], Is.EqualTo("optout"));
            Assert.That(optOuts.LastMeasurement!.Tags[MessagingTelemetryTags.Direction], Is.EqualTo("out"));
            Assert.That(updates.LastMeasurement!.Tags[MessagingTelemetryTags.DeliveryStatus], Is.EqualTo("delivered"));
            Assert.That(actual.LastMeasurement!.Value, Is.EqualTo(0.0083).Within(1e-9));
        });
    }

    [Test]
    public async Task Each_send_is_one_activity_with_masked_recipient_and_outcome()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == MessagingTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var harness = new MessagingHarness();
        harness.WhatsApp.OnSend = (_, _) => throw new MessagingException(MessagingErrorCode.InvalidRecipient, $"The 'To' number {Number} is not valid", "21211", 400);

        await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { Platform = MessagingPlatform.Sms, ClientReference = "trace-me-1" });
        await harness.Client.SendAsync(new OutboundMessage(Number, "Hi") { Platform = MessagingPlatform.WhatsApp, ClientReference = "trace-me-2" });

        var mine = activities.Where(a => a.OperationName == "nutritionist.messaging.send").ToList();
        Assert.That(mine, Has.Count.GreaterThanOrEqualTo(2));
        var ok = mine.First(a => (string?)a.GetTagItem(MessagingTelemetryTags.Outcome) == "accepted");
        var failed = mine.First(a => (string?)a.GetTagItem(MessagingTelemetryTags.Outcome) == "rejected");
        Assert.Multiple(() =>
        {
            Assert.That(ok.GetTagItem(MessagingTelemetryTags.Recipient), Is.EqualTo("+1201*****23"));
            Assert.That(ok.GetTagItem(MessagingTelemetryTags.Platform), Is.EqualTo("sms"));
            Assert.That(ok.GetTagItem(MessagingTelemetryTags.MessageId), Is.Not.Null);
            Assert.That(failed.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(failed.GetTagItem(MessagingTelemetryTags.ErrorType), Is.EqualTo("InvalidRecipient"));
        });
        AssertNoFullNumber(mine.SelectMany(a => a.TagObjects.Select(t => t.Value)));
    }

    [Test]
    public async Task The_statistics_snapshot_counts_a_mixed_batch_and_rolls_over_monthly()
    {
        using var harness = new MessagingHarness();
        var statistics = harness.Services.GetRequiredService<IMessagingStatistics>();
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var r = await harness.Client.SendAsync(MessagingPlatform.Sms, $"+1201555{i:0000}", "Your meal plan is ready!");
            ids.Add(r.MessageId!);
        }

        await harness.Client.SendAsync(MessagingPlatform.WhatsApp, Number, "Hi");
        await harness.Client.SendAsync(MessagingPlatform.Sms, "bad", "Hi");
        for (var i = 0; i < 8; i++)
        {
            await harness.Inbound.ProcessDeliveryStatusAsync(new DeliveryStatusUpdate(ids[i], MessagingPlatform.Sms, DeliveryStatus.Delivered) { Price = 0.01m });
        }

        await harness.Inbound.ProcessDeliveryStatusAsync(new DeliveryStatusUpdate(ids[8], MessagingPlatform.Sms, DeliveryStatus.Undelivered));
        await harness.Inbound.ProcessDeliveryStatusAsync(new DeliveryStatusUpdate(ids[0], MessagingPlatform.Sms, DeliveryStatus.Delivered) { Price = 0.01m });

        var sms = statistics.GetSnapshot()[MessagingPlatform.Sms];
        Assert.Multiple(() =>
        {
            Assert.That(sms.Sent, Is.EqualTo(10));
            Assert.That(sms.NotSent, Is.EqualTo(1));
            Assert.That(sms.Delivered, Is.EqualTo(8), "a repeated update is counted once");
            Assert.That(sms.DeliveryFailed, Is.EqualTo(1));
            Assert.That(sms.DeliveryRate, Is.EqualTo(8.0 / 9));
            Assert.That(sms.ActualSpend, Is.EqualTo(0.08m));
            Assert.That(sms.EstimatedSpend, Is.GreaterThan(0m));
            Assert.That(statistics.GetSnapshot()[MessagingPlatform.WhatsApp].Sent, Is.EqualTo(1));
        });

        harness.Time.Advance(TimeSpan.FromDays(31));
        var next = statistics.GetSnapshot();
        Assert.That(next[MessagingPlatform.Sms].Sent, Is.Zero);
        Assert.That(next.PeriodStart, Is.EqualTo(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    private static void AssertNoFullNumber(IEnumerable<object?> values)
    {
        foreach (var value in values)
        {
            Assert.That(value?.ToString() ?? string.Empty, Does.Not.Contain("2015550123"));
        }
    }
}
