using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Aws.Lambda;
using Nutritionist.Messaging.Idempotency;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the processing of two-way SMS, AWS delivery events and End User Messaging Social WhatsApp events read from SQS
/// or SNS, with the AWS Lambda entry points that receive them.
/// </summary>
public static class AwsSmsInboundMessagingBuilderExtensions
{
    /// <summary>
    /// Adds the processing of two-way SMS messages, SMS delivery events and End User Messaging Social WhatsApp events (raw,
    /// or in signed SNS envelopes) and the AWS Lambda entry points <see cref="SqsEventProcessor"/> (an SQS-triggered
    /// function) and <see cref="SnsEventProcessor"/> (a function subscribed to the topic), which feed them to the inbound
    /// pipeline: opt-out keywords, delivery tracking, then the application's <c>IInboundMessageHandler</c> and
    /// <c>IDeliveryStatusHandler</c> implementations.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets <see cref="SqsInboundOptions"/>, after the <c>NutritionistMessaging:Aws:Inbound</c> section is bound.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Nothing polls a queue: a long-running host that receives from SQS itself adds <c>AddAwsSmsInboundPump()</c> from
    /// Nutritionist.Messaging.Aws.Sqs, which calls this method. The options are validated when the host starts (or when an
    /// entry point is first resolved). Signing certificates are downloaded through the
    /// <c>"Nutritionist.Messaging.Aws.SnsCertificates"</c> HTTP client.
    /// </remarks>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(configuration)
    ///     .AddAwsSms()
    ///     .AddAwsSmsInbound(); // then resolve SqsEventProcessor in the Lambda handler
    /// </code>
    /// </example>
    public static IMessagingBuilder AddAwsSmsInbound(this IMessagingBuilder builder, Action<SqsInboundOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Bound once: the configuration has already been applied on a later call.
        var firstCall = !services.Any(static d => d.ServiceType == typeof(SqsInboundProcessor));
        var options = services.AddOptionsWithValidateOnStart<SqsInboundOptions>();
        if (firstCall && builder.Configuration?.GetSection(SqsInboundOptions.SectionName) is { } section && section.Exists())
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqsInboundOptions>, SqsInboundOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(HttpSnsCertificateSource.HttpClientName, static client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.TryAddSingleton<ISnsCertificateSource, HttpSnsCertificateSource>();
        services.TryAddSingleton<SnsMessageVerifier>();
        services.TryAddSingleton<SqsInboundProcessor>();

        // The Lambda entry points; the claim store is optional (no de-duplication without one).
        services.TryAddSingleton(static sp => new SqsEventProcessor(
            sp.GetRequiredService<SqsInboundProcessor>(),
            sp.GetRequiredService<IOptionsMonitor<SqsInboundOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ISendClaimStore>(),
            sp.GetService<ILogger<SqsEventProcessor>>()));
        services.TryAddSingleton(static sp => new SnsEventProcessor(
            sp.GetRequiredService<SqsInboundProcessor>(),
            sp.GetRequiredService<IOptionsMonitor<SqsInboundOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ISendClaimStore>(),
            sp.GetService<ILogger<SnsEventProcessor>>()));
        return builder;
    }
}
