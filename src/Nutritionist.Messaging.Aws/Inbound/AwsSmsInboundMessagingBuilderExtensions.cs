using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Aws.Lambda;
using Nutritionist.Messaging.Idempotency;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the SQS pump and the AWS Lambda entry points that receive two-way SMS, AWS delivery events and End User
/// Messaging Social WhatsApp events.
/// </summary>
public static class AwsSmsInboundMessagingBuilderExtensions
{
    /// <summary>
    /// Adds a hosted service that long-polls SQS for two-way SMS messages, SMS delivery events and End User Messaging Social
    /// WhatsApp events (raw, or in signed SNS envelopes) and feeds them to the inbound pipeline: opt-out keywords, delivery tracking, then the application's
    /// <c>IInboundMessageHandler</c> and <c>IDeliveryStatusHandler</c> implementations.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets <see cref="SqsInboundOptions"/>, after the <c>NutritionistMessaging:Aws:Inbound</c> section is bound.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Also registers the AWS Lambda entry points <see cref="SqsEventProcessor"/> (an SQS-triggered function) and
    /// <see cref="SnsEventProcessor"/> (a function subscribed to the topic); with <see cref="SqsInboundOptions.StartPump"/> set to
    /// <see langword="false"/> the pump does not run and no queue URL is needed.
    /// The options are validated when the host starts. The pump uses its own <see cref="IAmazonSQS"/>, registered under the
    /// key <c>"Nutritionist.Messaging.Aws.Inbound"</c> so an <see cref="IAmazonSQS"/> the application registers is left alone.
    /// Signing certificates are downloaded through the <c>"Nutritionist.Messaging.Aws.SnsCertificates"</c> HTTP client.
    /// </remarks>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(configuration)
    ///     .AddAwsSms()
    ///     .AddAwsSmsInbound(o => o.QueueUrls.Add("https://sqs.us-east-1.amazonaws.com/123456789012/sms-inbound"));
    /// </code>
    /// </example>
    public static IMessagingBuilder AddAwsSmsInbound(this IMessagingBuilder builder, Action<SqsInboundOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Binding a second time would append the configured QueueUrls to the list again.
        var firstCall = !services.Any(static d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SqsMessagePump));
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
        services.TryAddKeyedSingleton<IAmazonSQS>(
            SqsMessagePump.SqsClientKey,
            static (sp, _) => SqsClientFactory.Create(sp.GetRequiredService<IOptions<SqsInboundOptions>>().Value));
        services.AddHostedService<SqsMessagePump>();
        return builder;
    }
}
