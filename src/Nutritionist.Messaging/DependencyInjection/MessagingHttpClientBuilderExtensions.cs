using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The rules every provider applies to the <see cref="IHttpClientFactory"/> clients it sends through.</summary>
public static class MessagingHttpClientBuilderExtensions
{
    /// <summary>
    /// Guarantees that nothing in this client's handler pipeline but the library's own handlers can send a request
    /// again: a re-sent request can text a person twice, so retries belong to the router, which knows which failures
    /// are safe to retry. Every provider's client calls it.
    /// </summary>
    /// <remarks>
    /// <para>
    /// After every other configuration of the client has run, its additional handlers are replaced by
    /// <paramref name="ownHandlers"/> (outermost first). That removes whatever outside code added, whether before or after
    /// this call: <c>ConfigureHttpClientDefaults</c> (such as <c>AddStandardResilienceHandler()</c> in the .NET Aspire
    /// service defaults) and handlers added to this named client (<c>AddHttpMessageHandler</c>, <c>AddResilienceHandler</c>,
    /// <c>ConfigureAdditionalHttpMessageHandlers</c>). It runs as a <c>PostConfigure</c> of the client's
    /// <see cref="HttpClientFactoryOptions"/>, so after all of their <c>Configure</c> actions, whatever their order.
    /// </para>
    /// <para>
    /// Left alone: the primary handler (tests and the sandbox replace it) and the loggers of <c>AddLogger</c> and
    /// <c>AddDefaultLogger</c>, which observe requests and cannot send them. Calling it again for the same client replaces
    /// the earlier call.
    /// </para>
    /// </remarks>
    /// <param name="builder">The provider's named client.</param>
    /// <param name="ownHandlers">Creates the provider's own handlers, which must not repeat a request; none by default.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddHttpClient("My.Provider")
    ///     .RemoveAllLoggers()
    ///     .DisableSendRetries(static _ => new MyRedirectHandler());
    /// </code>
    /// </example>
    public static IHttpClientBuilder DisableSendRetries(this IHttpClientBuilder builder, params Func<IServiceProvider, DelegatingHandler>[] ownHandlers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(ownHandlers);
        if (builder.Name is not { } name)
        {
            throw new ArgumentException("DisableSendRetries applies to one named client, not to the defaults of every client.", nameof(builder));
        }

        if (Array.IndexOf(ownHandlers, null) >= 0)
        {
            throw new ArgumentException("A handler factory is null.", nameof(ownHandlers));
        }

        var services = builder.Services;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i] is { IsKeyedService: false, ImplementationInstance: SendRetryGuard guard } && guard.ClientName == name)
            {
                services.RemoveAt(i);
            }
        }

        services.AddSingleton<IPostConfigureOptions<HttpClientFactoryOptions>>(new SendRetryGuard(name, [.. ownHandlers]));
        return builder;
    }

    /// <summary>
    /// Makes the <see cref="Nutritionist.Messaging.MessagingEmulator"/>'s handler this client's primary handler when one is
    /// registered (<c>UseSandbox()</c> registers it, before or after the provider); without one the client is unchanged.
    /// Every provider's client calls it, so an emulator needs neither the providers' client names nor their packages.
    /// </summary>
    /// <remarks>
    /// Applied as a <c>PostConfigure</c> of the client's <see cref="HttpClientFactoryOptions"/>, so it wins over every
    /// <c>ConfigurePrimaryHttpMessageHandler</c>, whatever their order. Calling it again for the same client does nothing more.
    /// </remarks>
    /// <param name="builder">The provider's named client.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder UseMessagingEmulator(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Name is not { } name)
        {
            throw new ArgumentException("UseMessagingEmulator applies to one named client, not to the defaults of every client.", nameof(builder));
        }

        if (!builder.Services.Any(d => d is { IsKeyedService: false, ImplementationInstance: EmulatorPrimaryHandler e } && e.ClientName == name))
        {
            builder.Services.AddSingleton<IPostConfigureOptions<HttpClientFactoryOptions>>(new EmulatorPrimaryHandler(name));
        }

        return builder;
    }
}
