using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Aws.Inbound;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the hosted service that long-polls SQS for two-way SMS, AWS delivery events and WhatsApp events.</summary>
public static class AwsSmsInboundPumpMessagingBuilderExtensions
{
    /// <summary>
    /// Adds a hosted service that long-polls SQS for two-way SMS messages, SMS delivery events and End User Messaging Social
    /// WhatsApp events (raw, or in signed SNS envelopes) and feeds them to the inbound pipeline, through the processing that
    /// <c>AddAwsSmsInbound()</c> registers (called here, so its <see cref="SqsInboundOptions"/> apply too).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets <see cref="SqsPumpOptions"/>, after the <c>NutritionistMessaging:Aws:Inbound</c> section is bound.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// The options are validated when the host starts: at least one queue URL is needed. The pump uses its own
    /// <see cref="IAmazonSQS"/>, registered under the key <c>"Nutritionist.Messaging.Aws.Inbound"</c> so an
    /// <see cref="IAmazonSQS"/> the application registers is left alone. An AWS Lambda function does not need the pump: its
    /// event source mapping hands batches to <c>SqsEventProcessor</c> (<c>AddAwsSmsInbound()</c> alone).
    /// </remarks>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(configuration)
    ///     .AddAwsSms()
    ///     .AddAwsSmsInboundPump(o => o.QueueUrls.Add("https://sqs.us-east-1.amazonaws.com/123456789012/sms-inbound"));
    /// </code>
    /// </example>
    public static IMessagingBuilder AddAwsSmsInboundPump(this IMessagingBuilder builder, Action<SqsPumpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Binding a second time would append the configured QueueUrls to the list again.
        var firstCall = !services.Any(static d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SqsMessagePump));
        builder.AddAwsSmsInbound();
        var options = services.AddOptionsWithValidateOnStart<SqsPumpOptions>();
        if (firstCall && builder.Configuration?.GetSection(SqsPumpOptions.SectionName) is { } section && section.Exists())
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
        services.AddHostedService<SqsMessagePump>();
        return builder;
    }
}
