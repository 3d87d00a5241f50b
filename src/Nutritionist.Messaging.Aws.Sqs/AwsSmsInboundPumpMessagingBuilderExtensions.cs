using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Aws.Inbound;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the hosted service that long-polls SQS for two-way SMS, AWS delivery events and WhatsApp events.</summary>
public static class AwsSmsInboundPumpMessagingBuilderExtensions
{
    /// <summary>What <see cref="MessagingBuilderExtensions.TryAddRegistration"/> records for the pump.</summary>
    private const string PumpRegistrationKey = "Nutritionist.Messaging.Aws.Sqs.Pump";

    /// <summary>
    /// Adds a hosted service that long-polls SQS for two-way SMS messages, SMS delivery events and End User Messaging Social
    /// WhatsApp events (raw, or in signed SNS envelopes) and feeds them to the inbound pipeline, through the processing that
    /// <c>AddAwsSmsInbound()</c> registers (called here, so its <see cref="SqsInboundOptions"/> apply too). Options come from
    /// <c>NutritionistMessaging:Aws:Inbound</c> when the builder was created from configuration. Calling it again registers
    /// nothing twice; a section or action given to a later call applies after the earlier ones.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// The options are validated when the host starts: at least one queue URL is needed. The pump uses its own
    /// <see cref="IAmazonSQS"/>, registered under the key <c>"Nutritionist.Messaging.Aws.Inbound"</c> so an
    /// <see cref="IAmazonSQS"/> the application registers is left alone. An AWS Lambda function does not need the pump: its
    /// event source mapping hands batches to <c>SqsEventProcessor</c> (<c>AddAwsSmsInbound()</c> alone).
    /// </remarks>
    public static IMessagingBuilder AddAwsSmsInboundPump(this IMessagingBuilder builder) => AddAwsSmsInboundPumpCore(builder, null, null);

    /// <summary>
    /// Adds the SQS pump (see <see cref="AddAwsSmsInboundPump(IMessagingBuilder)"/>), with <paramref name="section"/> bound
    /// after the builder's <c>NutritionistMessaging:Aws:Inbound</c> section.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">A section holding <see cref="SqsPumpOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder AddAwsSmsInboundPump(this IMessagingBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddAwsSmsInboundPumpCore(builder, section, null);
    }

    /// <summary>
    /// Adds the SQS pump (see <see cref="AddAwsSmsInboundPump(IMessagingBuilder)"/>), with <paramref name="configure"/>
    /// applied after the builder's <c>NutritionistMessaging:Aws:Inbound</c> section.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets <see cref="SqsPumpOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(configuration)
    ///     .AddAwsSms()
    ///     .AddAwsSmsInboundPump(o => o.QueueUrls.Add("https://sqs.us-east-1.amazonaws.com/123456789012/sms-inbound"));
    /// </code>
    /// </example>
    public static IMessagingBuilder AddAwsSmsInboundPump(this IMessagingBuilder builder, Action<SqsPumpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddAwsSmsInboundPumpCore(builder, null, configure);
    }

    /// <summary>
    /// Every overload ends here: <c>NutritionistMessaging:Aws:Inbound</c>, then <paramref name="section"/>, then
    /// <paramref name="configure"/>; validated on start; <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides
    /// "already registered".
    /// </summary>
    private static IMessagingBuilder AddAwsSmsInboundPumpCore(IMessagingBuilder builder, IConfigurationSection? section, Action<SqsPumpOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAwsSmsInbound();
        var services = builder.Services;
        var options = services.AddOptionsWithValidateOnStart<SqsPumpOptions>();

        // Binding a second time would append the configured QueueUrls to the list again; the pump is added once.
        if (builder.TryAddRegistration(PumpRegistrationKey, SqsPumpOptions.SectionName, out var defaultSection))
        {
            if (defaultSection is not null)
            {
                options.Bind(defaultSection);
            }

            services.AddHostedService<SqsMessagePump>();
        }

        if (section is not null)
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqsPumpOptions>, SqsPumpOptionsValidator>());
        services.TryAddKeyedSingleton<IAmazonSQS>(
            SqsMessagePump.SqsClientKey,
            static (sp, _) => SqsClientFactory.Create(sp.GetRequiredService<IOptions<SqsPumpOptions>>().Value));
        return builder;
    }
}
