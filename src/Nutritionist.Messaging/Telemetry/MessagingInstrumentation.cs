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
    private readonly Counter<long> _failovers;
    private readonly Histogram<double> _rateLimitWait;
    private readonly Lock _rollover = new();

    // Lock-free on the send path (senders at concurrency 64 queued on a lock here): counters are Interlocked, spend is
    // kept in millionths of the currency, and a new month swaps in a fresh set.
    private volatile PeriodSet _current;

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
        _failovers = _meter.CreateCounter<long>(MessagingTelemetry.Instruments.Failovers, "{failover}", "Messages another provider of the same platform was tried for.");
        _rateLimitWait = _meter.CreateHistogram<double>(MessagingTelemetry.Instruments.RateLimitWait, "s", "Time spent waiting for a client-side rate-limit permit.");
        _current = new PeriodSet(PeriodStartOf(time.GetUtcNow()));
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

        // Each instrument is recorded only while something listens, and its tags are built only then: a send must not
        // pay for metrics nobody collects.
        if (_sent.Enabled || _duration.Enabled)
        {
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

            if (_sent.Enabled)
            {
                _sent.Add(1, tags);
            }

            if (_duration.Enabled)
            {
                _duration.Record(_time.GetElapsedTime(startTimestamp).TotalSeconds, tags);
            }
        }

        if (result.FallbackFrom is { } from && _fallbacks.Enabled)
        {
            _fallbacks.Add(1, new TagList { { MessagingTelemetryTags.Platform, platform }, { MessagingTelemetryTags.FallbackFrom, Name(from) } });
        }

        if (result.IsSuccess)
        {
            if (result.Segments is { } segments && _segments.Enabled)
            {
                _segments.Add(segments, new TagList { { MessagingTelemetryTags.Platform, platform }, { MessagingTelemetryTags.Provider, provider } });
            }

            if (result.EstimatedCost is { } cost && _estimatedCost.Enabled)
            {
                _estimatedCost.Add((double)cost.EstimatedCost, new TagList { { MessagingTelemetryTags.Platform, platform }, { MessagingTelemetryTags.Currency, cost.Currency } });
            }
        }

        var period = CurrentPeriod(result.Platform);
        if (result.IsSuccess)
        {
            Interlocked.Increment(ref period.Sent);
            Interlocked.Add(ref period.EstimatedMicros, ToMicros(result.EstimatedCost?.EstimatedCost));
        }
        else
        {
            Interlocked.Increment(ref period.NotSent);
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

    public void RecordFailover(MessagingPlatform platform, string from, string to, MessagingErrorCode code) =>
        _failovers.Add(1, new TagList
        {
            { MessagingTelemetryTags.Platform, Name(platform) },
            { MessagingTelemetryTags.Provider, from },
            { MessagingTelemetryTags.FailoverTo, to },
            { MessagingTelemetryTags.ErrorType, code.ToString() },
        });

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

        var current = CurrentPeriod(update.Platform);
        switch (update.Status)
        {
            case DeliveryStatus.Delivered:
                Interlocked.Increment(ref current.Delivered);
                break;
            case DeliveryStatus.Read:
                // Read follows Delivered for the same message; count it once.
                break;
            case DeliveryStatus.Failed or DeliveryStatus.Undelivered or DeliveryStatus.Expired:
                Interlocked.Increment(ref current.DeliveryFailed);
                break;
        }

        Interlocked.Add(ref current.ActualMicros, ToMicros(update.Price));
    }

    public MessagingStatisticsSnapshot GetSnapshot()
    {
        CurrentPeriod(MessagingPlatform.Sms);
        var set = _current;
        var platforms = Enum.GetValues<MessagingPlatform>().Select(p =>
        {
            var period = set.Platforms[(int)p];
            return new PlatformStatistics
            {
                Platform = p,
                Sent = Volatile.Read(ref period.Sent),
                NotSent = Volatile.Read(ref period.NotSent),
                Delivered = Volatile.Read(ref period.Delivered),
                DeliveryFailed = Volatile.Read(ref period.DeliveryFailed),
                EstimatedSpend = Volatile.Read(ref period.EstimatedMicros) / 1_000_000m,
                ActualSpend = Volatile.Read(ref period.ActualMicros) / 1_000_000m,
                Currency = _currency,
            };
        }).ToList();
        return new MessagingStatisticsSnapshot { PeriodStart = set.Start, TakenAt = _time.GetUtcNow(), Platforms = platforms };
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

    private static long ToMicros(decimal? amount) => amount is { } a ? (long)decimal.Round(a * 1_000_000m) : 0;

    private Period CurrentPeriod(MessagingPlatform platform)
    {
        var set = _current;
        var now = _time.GetUtcNow();

        // The month's bounds in ticks: the calendar arithmetic is left for the first call of a new month.
        if (now.UtcTicks < set.Start.UtcTicks || now.UtcTicks >= set.EndTicks)
        {
            var start = PeriodStartOf(now);
            lock (_rollover)
            {
                if (_current.Start != start)
                {
                    _current = new PeriodSet(start);
                }

                set = _current;
            }
        }

        return set.Platforms[(int)platform];
    }

    private sealed class PeriodSet(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public long EndTicks { get; } = start.AddMonths(1).UtcTicks;

        public Period[] Platforms { get; } = [new(), new()];
    }

    private sealed class Period
    {
        public long Sent;
        public long NotSent;
        public long Delivered;
        public long DeliveryFailed;
        public long EstimatedMicros;
        public long ActualMicros;
    }
}
