namespace Nutritionist.Messaging.Telemetry;

/// <summary>
/// The names to subscribe to: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both <c>Nutritionist.Messaging</c>.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddOpenTelemetry()
///     .WithMetrics(m => m.AddMeter(MessagingTelemetry.MeterName))
///     .WithTracing(t => t.AddSource(MessagingTelemetry.ActivitySourceName));
/// </code>
/// </example>
public static class MessagingTelemetry
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Nutritionist.Messaging";

    /// <summary>The activity source's name.</summary>
    public const string ActivitySourceName = "Nutritionist.Messaging";

    /// <summary>Instrument names (dotted, lower case; the unit is on the instrument).</summary>
    public static class Instruments
    {
        /// <summary>Counter of send outcomes, unit <c>{message}</c>; tags platform, provider, outcome, error type.</summary>
        public const string MessagesSent = "nutritionist.messaging.messages.sent";

        /// <summary>Counter of SMS parts of accepted messages, unit <c>{segment}</c>.</summary>
        public const string Segments = "nutritionist.messaging.segments";

        /// <summary>Counter of estimated spend of accepted messages, in the currency of the currency tag, unit <c>{currency}</c>.</summary>
        public const string EstimatedCost = "nutritionist.messaging.cost.estimated";

        /// <summary>Counter of spend reported by the providers in delivery updates, unit <c>{currency}</c>.</summary>
        public const string ActualCost = "nutritionist.messaging.cost.actual";

        /// <summary>Histogram of the time one send takes, retries and rate-limit waits included, unit <c>s</c>.</summary>
        public const string SendDuration = "nutritionist.messaging.send.duration";

        /// <summary>Counter of delivery status updates that changed a message's status, unit <c>{update}</c>.</summary>
        public const string DeliveryUpdates = "nutritionist.messaging.delivery.updates";

        /// <summary>Counter of inbound messages, unit <c>{message}</c>; tags platform and keyword.</summary>
        public const string InboundMessages = "nutritionist.messaging.inbound.messages";

        /// <summary>Counter of opt-outs and opt-ins recorded, unit <c>{change}</c>; tags platform and direction.</summary>
        public const string OptOutChanges = "nutritionist.messaging.optout.changes";

        /// <summary>Counter of retried provider calls, unit <c>{retry}</c>.</summary>
        public const string Retries = "nutritionist.messaging.retries";

        /// <summary>Counter of messages sent on a fallback platform, unit <c>{message}</c>.</summary>
        public const string Fallbacks = "nutritionist.messaging.fallbacks";

        /// <summary>
        /// Counter of provider failovers within a platform (the chosen provider certainly did not send, the next one is
        /// tried), unit <c>{failover}</c>; tags platform, provider (the one that did not send), failover target and error type.
        /// </summary>
        public const string Failovers = "nutritionist.messaging.failovers";

        /// <summary>Histogram of time spent waiting for a client-side rate-limit permit, unit <c>s</c>.</summary>
        public const string RateLimitWait = "nutritionist.messaging.ratelimit.wait";
    }
}
