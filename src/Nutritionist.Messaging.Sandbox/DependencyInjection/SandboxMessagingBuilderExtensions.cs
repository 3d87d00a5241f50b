using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Sandbox;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Routes every provider through the sandbox emulator.</summary>
public static class SandboxMessagingBuilderExtensions
{
    // The options' section under NutritionistMessaging, and what TryAddRegistration records.
    private const string SectionName = "Sandbox";
    private const string RegistrationKey = "Nutritionist.Messaging.Sandbox.UseSandbox";

    /// <summary>
    /// Sends every AWS SMS, Twilio, Meta Cloud API and AWS End User Messaging Social request in process to the sandbox
    /// emulator instead of the real services: registers <see cref="SandboxState"/> and <see cref="SandboxHandler"/> as
    /// singletons, and the sandbox as the <see cref="MessagingEmulator"/> the providers look for: the handler becomes the
    /// primary handler of the providers' HTTP clients, named registrations' included (whichever order <c>AddAwsSms</c>,
    /// <c>AddTwilioWhatsApp</c>, <c>AddMetaWhatsApp</c>, <c>AddAwsWhatsApp</c> and this are called in).
    /// Provider settings the host left unset get the sandbox's: AWS access key, secret, region and origination pool
    /// (<see cref="SandboxState.PoolId"/>) or WhatsApp phone number id; Twilio account SID, auth token and WhatsApp sender;
    /// Meta access token and phone number id (<see cref="SandboxOptions.ConfigureProviders"/> turns that off). Delivery events and
    /// injected inbound messages go through the registered <see cref="IInboundPipeline"/>, on the registered
    /// <see cref="TimeProvider"/>.
    /// Options come from <c>NutritionistMessaging:Sandbox</c> when the builder was created from configuration. Calling it
    /// again registers nothing twice; a section or action given to a later call applies after the earlier ones.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
    ///     .AddAwsSms()
    ///     .AddTwilioWhatsApp()
    ///     .UseSandbox();
    /// </code>
    /// </example>
    public static IMessagingBuilder UseSandbox(this IMessagingBuilder builder) => UseSandboxCore(builder, null, null);

    /// <summary>
    /// Routes every provider through the sandbox (see <see cref="UseSandbox(IMessagingBuilder)"/>), with
    /// <paramref name="section"/> bound after the builder's <c>NutritionistMessaging:Sandbox</c> section.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="section">A section holding <see cref="SandboxOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseSandbox(this IMessagingBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return UseSandboxCore(builder, section, null);
    }

    /// <summary>
    /// Routes every provider through the sandbox (see <see cref="UseSandbox(IMessagingBuilder)"/>), with
    /// <paramref name="configure"/> applied after the builder's <c>NutritionistMessaging:Sandbox</c> section.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddNutritionistMessaging</c>.</param>
    /// <param name="configure">Sets <see cref="SandboxOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IMessagingBuilder UseSandbox(this IMessagingBuilder builder, Action<SandboxOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return UseSandboxCore(builder, null, configure);
    }

    /// <summary>
    /// Every overload ends here: <c>NutritionistMessaging:Sandbox</c>, then <paramref name="section"/>, then
    /// <paramref name="configure"/>; <see cref="MessagingBuilderExtensions.TryAddRegistration"/> decides "already registered".
    /// </summary>
    private static IMessagingBuilder UseSandboxCore(IMessagingBuilder builder, IConfigurationSection? section, Action<SandboxOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SandboxOptions>();
        var first = builder.TryAddRegistration(RegistrationKey, SectionName, out var defaultSection);
        if (first && defaultSection is not null)
        {
            options.Bind(defaultSection);
        }

        if (section is not null)
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new SandboxState(
            sp.GetRequiredService<IOptions<SandboxOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            () => sp.GetService<IInboundPipeline>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(static sp => new SandboxHandler(sp.GetRequiredService<SandboxState>()));

        // The providers look for this hook: its handler becomes their clients' primary handler (named ones included) and
        // its settings fill what the host left unset, typed per provider, so the sandbox needs neither their packages nor
        // their client names.
        services.TryAddSingleton(static sp =>
        {
            var handler = sp.GetRequiredService<SandboxHandler>();
            var sandbox = sp.GetRequiredService<IOptions<SandboxOptions>>().Value;
            return !sandbox.ConfigureProviders ? new MessagingEmulator(handler) : new MessagingEmulator(handler)
            {
                AwsAccessKeyId = sandbox.AwsAccessKeyId,
                AwsSecretAccessKey = sandbox.AwsSecretAccessKey,
                AwsRegion = sandbox.AwsRegion,
                AwsSmsOriginationIdentity = SandboxState.PoolId,
                AwsWhatsAppPhoneNumberId = sandbox.AwsWhatsAppPhoneNumberId,
                TwilioAccountSid = sandbox.TwilioAccountSid,
                TwilioAuthToken = sandbox.TwilioAuthToken,
                TwilioWhatsAppFrom = sandbox.WhatsAppFrom,
                MetaAccessToken = sandbox.MetaAccessToken,
                MetaPhoneNumberId = sandbox.MetaPhoneNumberId,
            };
        });
        return builder;
    }
}
