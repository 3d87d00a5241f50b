using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Sandbox;
using Nutritionist.Messaging.Sandbox.Internal;

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
    /// singletons and makes the handler the primary handler of the providers' HTTP clients (whichever order
    /// <c>AddAwsSms</c>, <c>AddTwilioWhatsApp</c>, <c>AddMetaWhatsApp</c>, <c>AddAwsWhatsApp</c> and this are called in).
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

        // PostConfigure runs after every Configure, so this primary handler wins over the provider's own; it covers the
        // clients of named providers too (Nutritionist.Messaging.Twilio:{name}).
        if (first)
        {
            foreach (var name in SandboxClientNames.All)
            {
                services.AddHttpClient(name);
            }

            services.AddSingleton<IPostConfigureOptions<HttpClientFactoryOptions>>(new SandboxPrimaryHandler());
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IPostConfigureOptions<>), typeof(SandboxProviderOptionsSetup<>)));
        return builder;
    }

    /// <summary>Makes the <see cref="SandboxHandler"/> the primary handler of the providers' clients, named ones included.</summary>
    private sealed class SandboxPrimaryHandler : IPostConfigureOptions<HttpClientFactoryOptions>
    {
        public void PostConfigure(string? name, HttpClientFactoryOptions options)
        {
            if (name is not null && Array.Exists(SandboxClientNames.All, c => name == c || name.StartsWith(c + ":", StringComparison.Ordinal)))
            {
                options.HttpMessageHandlerBuilderActions.Add(static b => b.PrimaryHandler = b.Services.GetRequiredService<SandboxHandler>());
            }
        }
    }
}
