using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Costs;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.PhoneNumbers;

namespace Nutritionist.Messaging.Telemetry;

/// <summary>
/// The one place the library records what it does: metrics on the <c>Nutritionist.Messaging</c> meter, the send
/// activity, and the in-process <see cref="IMessagingStatistics"/>. One per DI container; thread-safe.
/// </summary>
internal sealed class MessagingInstrumentation : IMessagingStatistics, IDisposable
{
    internal static readonly ActivitySource ActivitySource = new(MessagingTelemetry.ActivitySourceName, typeof(MessagingInstrumentation).Assembly.GetName().Version?.ToString());

    private static readonly string[] PlatformNames = ["sms", "whatsapp"];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly TimeProvider _time;
    private readonly string _currency;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _segments;
    private readonly Counter<double> _estimatedCost;
    private readonly Counter<double> _actualCost;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _deliveryUpdates;
    private readonly Counter<long> _inbound;
    private readonly Counter<long> _optOutChanges;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _fallbacks;
    private readonly Histogram<double> _rateLimitWait;
    private readonly Lock _lock = new();
    private readonly Period[] _periods = [new(), new()];
    private DateTimeOffset _periodStart;

    public MessagingInstrumentation(TimeProvider time, IOptions<MessagingCostOptions>? costOptions = null, IMeterFactory? meterFactory = null)
    {
        _time = time;
        _currency = costOptions?.Value.Currency ?? "USD";
        _ownsMeter = meterFactory is null;
        var version = typeof(MessagingInstrumentation).Assembly.GetName().Version?.ToString();
        _meter = meterFactory?.Create(new MeterOptions(MessagingTelemetry.MeterName) { Version = version }) ?? new Meter(MessagingTelemetry.MeterName, version);
        _sent = _meter.CreateCounter<long>(MessagingTelemetry.Instruments.MessagesSent, "{message}", "Send outcomes by platform, provider and outcome.");
        _segments = _meter.CreateCounter<long>(MessagingTelemetry.Instruments.Segments, "{segment}", "SMS parts of accepted messages.");
        _estimatedCost = _meter.CreateCounter<double>(MessagingTelemetry.Instruments.EstimatedCost, "{currency}", "Estimated spend of accepted messages.");
        _actualCost = _meter.CreateCounter<double>(MessagingTelemetry.Instruments.ActualCost, "{currency}", "Spend reported by the providers.");
        _duration = _meter.CreateHistogram<double>(MessagingTelemetry.Instruments.SendDuration, "s", "Time one send takes, retries and waits included.");
        _deliveryUpdates = _meter.CreateCounter<long>(MessagingTelemetry.Instruments.DeliveryUpdates, "{update}", "Delivery status changes.");
        _inbound = _meter.CreateCounter<long>(MessagingTelemetry.Instruments.InboundMessages, "{message}", "Inbound messages.");
        _optOutChanges = _meter.CreateCounter<long>(MessagingTelemetry.Instruments.OptOutChanges, "{change}", "Opt-outs and opt-ins recorded.");
        _retries = _meter.CreateCounter<long>(MessagingTelemetry.Instruments.Retries, "{retry}", "Retried provider calls.");
        _fallbacks = _meter.CreateCounter<long>(MessagingTelemetry.Instruments.Fallbacks, "{message}", "Messages sent on a fallback platform.");
        _rateLimitWait = _meter.CreateHistogram<double>(MessagingTelemetry.Instruments.RateLimitWait, "s", "Time spent waiting for a client-side rate-limit permit.");
        _periodStart = PeriodStartOf(time.GetUtcNow());
    }

    public static string Name(MessagingPlatform platform) => PlatformNames[(int)platform];

    public Activity? StartSend(MessagingPlatform? platform, string recipientInput)
    {
        var activity = ActivitySource.StartActivity("nutritionist.messaging.send", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            if (platform is { } p)
            {
                activity.SetTag(MessagingTelemetryTags.Platform, Name(p));
            }

            activity.SetTag(MessagingTelemetryTags.Recipient, PhoneNumberMasking.Mask(recipientInput));
        }

        return activity;
    }

    public void RecordSend(Activity? activity, SendResult result, long startTimestamp)
    {
        var platform = Name(result.Platform);
        var outcome = OutcomeName(result.Status);
        var provider = result.ProviderName ?? "none";
        var errorType = result.Error?.Code.ToString();
        var tags = new TagList
        {
            { MessagingTelemetryTags.Platform, platform },
            { MessagingTelemetryTags.Provider, provider },
            { MessagingTelemetryTags.Outcome, outcome },
        };
        if (errorType is not null)
        {
            tags.Add(MessagingTelemetryTags.ErrorType, errorType);
        }

        _sent.Add(1, tags);
        _duration.Record(_time.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        if (result.FallbackFrom is { } from)
        {
            _fallbacks.Add(1, new TagList { { MessagingTelemetryTags.Platform, platform }, { MessagingTelemetryTags.FallbackFrom, Name(from) } });
        }

        if (result.IsSuccess)
        {
            if (result.Segments is { } segments)
            {
                _segments.Add(segments, new TagList { { MessagingTelemetryTags.Platform, platform }, { MessagingTelemetryTags.Provider, provider } });
            }

            if (result.EstimatedCost is { } cost)
            {
                _estimatedCost.Add((double)cost.EstimatedCost, new TagList { { MessagingTelemetryTags.Platform, platform }, { MessagingTelemetryTags.Currency, cost.Currency } });
            }
        }

        lock (_lock)
        {
            var period = CurrentPeriod(result.Platform);
            if (result.IsSuccess)
            {
                period.Sent++;
                period.EstimatedSpend += result.EstimatedCost?.EstimatedCost ?? 0m;
            }
            else
            {
                period.NotSent++;
            }
        }

        if (activity is not null)
        {
            activity.SetTag(MessagingTelemetryTags.Platform, platform);
            activity.SetTag(MessagingTelemetryTags.Provider, provider);
            activity.SetTag(MessagingTelemetryTags.Outcome, outcome);
            activity.SetTag(MessagingTelemetryTags.Attempts, result.Attempts);
            if (result.Recipient is not null)
            {
                activity.SetTag(MessagingTelemetryTags.Recipient, PhoneNumberMasking.Mask(result.Recipient));
            }

            if (result.MessageId is not null)
            {
                activity.SetTag(MessagingTelemetryTags.MessageId, result.MessageId);
            }

            if (errorType is not null)
            {
                activity.SetTag(MessagingTelemetryTags.ErrorType, errorType);
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }
        }
    }

    public void RecordRetry(MessagingPlatform platform, string provider, MessagingErrorCode code) =>
        _retries.Add(1, new TagList { { MessagingTelemetryTags.Platform, Name(platform) }, { MessagingTelemetryTags.Provider, provider }, { MessagingTelemetryTags.ErrorType, code.ToString() } });

    public void RecordRateLimitWait(MessagingPlatform platform, TimeSpan wait) =>
        _rateLimitWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>(MessagingTelemetryTags.Platform, Name(platform)));

    public void RecordInbound(MessagingPlatform platform, KeywordKind keyword)
    {
        _inbound.Add(1, new TagList { { MessagingTelemetryTags.Platform, Name(platform) }, { MessagingTelemetryTags.Keyword, keyword.ToString().ToLowerInvariant() } });
        if (keyword is KeywordKind.OptOut or KeywordKind.OptIn)
        {
            RecordOptOutChange(platform, optedOut: keyword == KeywordKind.OptOut);
        }
    }

    public void RecordOptOutChange(MessagingPlatform platform, bool optedOut) =>
        _optOutChanges.Add(1, new TagList { { MessagingTelemetryTags.Platform, Name(platform) }, { MessagingTelemetryTags.Direction, optedOut ? "out" : "in" } });

    public void RecordDelivery(DeliveryStatusUpdate update, bool changed)
    {
        if (!changed)
        {
            return;
        }

        _deliveryUpdates.Add(1, new TagList { { MessagingTelemetryTags.Platform, Name(update.Platform) }, { MessagingTelemetryTags.DeliveryStatus, update.Status.ToString().ToLowerInvariant() } });
        if (update.Price is { } price)
        {
            _actualCost.Add((double)price, new TagList { { MessagingTelemetryTags.Platform, Name(update.Platform) }, { MessagingTelemetryTags.Currency, update.PriceCurrency ?? _currency } });
        }

        lock (_lock)
        {
            var period = CurrentPeriod(update.Platform);
            switch (update.Status)
            {
                case DeliveryStatus.Delivered:
                    period.Delivered++;
                    break;
                case DeliveryStatus.Read:
                    // Read follows Delivered for the same message; count it once.
                    break;
                case DeliveryStatus.Failed or DeliveryStatus.Undelivered or DeliveryStatus.Expired:
                    period.DeliveryFailed++;
                    break;
            }

            period.ActualSpend += update.Price ?? 0m;
        }
    }

    public MessagingStatisticsSnapshot GetSnapshot()
    {
        lock (_lock)
        {
            CurrentPeriod(MessagingPlatform.Sms);
            var platforms = Enum.GetValues<MessagingPlatform>().Select(p =>
            {
                var period = _periods[(int)p];
                return new PlatformStatistics
                {
                    Platform = p,
                    Sent = period.Sent,
                    NotSent = period.NotSent,
                    Delivered = period.Delivered,
                    DeliveryFailed = period.DeliveryFailed,
                    EstimatedSpend = period.EstimatedSpend,
                    ActualSpend = period.ActualSpend,
                    Currency = _currency,
                };
            }).ToList();
            return new MessagingStatisticsSnapshot { PeriodStart = _periodStart, TakenAt = _time.GetUtcNow(), Platforms = platforms };
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static string OutcomeName(SendStatus status) => status switch
    {
        SendStatus.Accepted => "accepted",
        SendStatus.Rejected => "rejected",
        SendStatus.Failed => "failed",
        _ => "unknown",
    };

    private static DateTimeOffset PeriodStartOf(DateTimeOffset now) => new(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);

    // Caller holds _lock.
    private Period CurrentPeriod(MessagingPlatform platform)
    {
        var start = PeriodStartOf(_time.GetUtcNow());
        if (start != _periodStart)
        {
            _periodStart = start;
            _periods[0] = new Period();
            _periods[1] = new Period();
        }

        return _periods[(int)platform];
    }

    private sealed class Period
    {
        public long Sent { get; set; }

        public long NotSent { get; set; }

        public long Delivered { get; set; }

        public long DeliveryFailed { get; set; }

        public decimal EstimatedSpend { get; set; }

        public decimal ActualSpend { get; set; }
    }
}
