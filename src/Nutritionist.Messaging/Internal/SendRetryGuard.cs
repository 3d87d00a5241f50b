using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Internal;

/// <summary>
/// The work of <c>DisableSendRetries</c> for one named client: appends, after every configured action, one that leaves
/// only the library's own handlers. The factory runs the logging actions after it, so loggers stay.
/// </summary>
internal sealed class SendRetryGuard(string clientName, Func<IServiceProvider, DelegatingHandler>[] ownHandlers) : IPostConfigureOptions<HttpClientFactoryOptions>
{
    public string ClientName => clientName;

    public void PostConfigure(string? name, HttpClientFactoryOptions options)
    {
        if (string.Equals(name, clientName, StringComparison.Ordinal))
        {
            options.HttpMessageHandlerBuilderActions.Add(KeepOwnHandlersOnly);
        }
    }

    private void KeepOwnHandlersOnly(HttpMessageHandlerBuilder builder)
    {
        builder.AdditionalHandlers.Clear();
        foreach (var create in ownHandlers)
        {
            builder.AdditionalHandlers.Add(create(builder.Services));
        }
    }
}
