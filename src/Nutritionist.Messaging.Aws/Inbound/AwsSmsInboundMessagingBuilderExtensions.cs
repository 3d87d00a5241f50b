using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
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
    /// <summary>What <see cref="MessagingBuilderExtensions.TryAddRegistration"/> records for this registration.</summary>
    private const string RegistrationKey = "Nutritionist.Messaging.Aws.Inbound";

    /// <summary>
    /// Adds the processing of two-way SMS messages, SMS delivery events and End User Messaging Social WhatsApp events (raw,
    /// or in signed SNS envelopes) and the AWS Lambda entry points <see cref="SqsEventProcessor"/> (an SQS-triggered
    /// function) and <see cref="SnsEventProcessor"/> (a function subscribed to the topic), which feed them to the inbound
    /// pipeline: opt-out keywords, delivery tracking, then the application's <c>IInboundMessageHandler</c> and
    /// <c>IDeliveryStatusHandler</c> implementations. Options come from <c>NutritionistMessaging:Aws:Inbound</c> when the
    /// builder was created from configuration. Calling it again registers nothing twice; a section or action given to a
    /// later call applies after the earlier ones.
    /// </summary>
    /// <param name="builder">The builder.</param>
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
    public static IMessagingBuilder AddAwsSmsInbound(this IMessagingBuilder builder) => AddAwsSmsInboundCore(builder, null, null);

    /// <summary>
    /// Adds the inbound processing and the Lambda entry points (see <see cref="AddAwsSmsInbound(IMessagingBuilder)"/>), with
    /// <paramref name="section"/> bound after the builder's <c>NutritionistMessaging:Aws:Inbound</c> section.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">A section holding <see cref="SqsInboundOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsSmsInbound(this IMessagingBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddAwsSmsInboundCore(builder, section, null);
    }

    /// <summary>
    /// Adds the inbound processing and the Lambda entry points (see <see cref="AddAwsSmsInbound(IMessagingBuilder)"/>), with
    /// <paramref name="configure"/> applied after the builder's <c>NutritionistMessaging:Aws:Inbound</c> section.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets <see cref="SqsInboundOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(configuration)
    ///     .AddAwsSms()
    ///     .AddAwsSmsInbound(o => o.MaxConcurrency = 4);
    /// </code>
    /// </example>
    public static IMessagingBuilder AddAwsSmsInbound(this IMessagingBuilder builder, Action<SqsInboundOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddAwsSmsInboundCore(builder, null, configure);
    }

    /// <summary>
    /// Every overload ends here: <c>NutritionistMessaging:Aws:Inbound</c>, then <paramref name="section"/>, then
    /// <paramref name="configure"/>; validated on start; <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides
    /// "already registered".
    /// </summary>
    private static IMessagingBuilder AddAwsSmsInboundCore(IMessagingBuilder builder, IConfigurationSection? section, Action<SqsInboundOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptionsWithValidateOnStart<SqsInboundOptions>();

        // Bound once; the HTTP client is set up once.
        if (builder.TryAddRegistration(RegistrationKey, SqsInboundOptions.SectionName, out var defaultSection))
        {
            if (defaultSection is not null)
            {
                options.Bind(defaultSection);
            }

            services.AddHttpClient(HttpSnsCertificateSource.HttpClientName, static client => client.Timeout = TimeSpan.FromSeconds(10))
                .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false });
        }

        if (section is not null)
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqsInboundOptions>, SqsInboundOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

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
