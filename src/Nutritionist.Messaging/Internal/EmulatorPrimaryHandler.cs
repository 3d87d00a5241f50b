using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Internal;

/// <summary>
/// The work of <c>UseMessagingEmulator</c> for one named client: after every configured action, one that makes the
/// registered <see cref="MessagingEmulator"/>'s handler the primary handler, when there is one.
/// </summary>
internal sealed class EmulatorPrimaryHandler(string clientName) : IPostConfigureOptions<HttpClientFactoryOptions>
{
    public string ClientName => clientName;

    public void PostConfigure(string? name, HttpClientFactoryOptions options)
    {
        if (string.Equals(name, clientName, StringComparison.Ordinal))
        {
            options.HttpMessageHandlerBuilderActions.Add(static builder =>
            {
                if (builder.Services.GetService<MessagingEmulator>() is { } emulator)
                {
                    builder.PrimaryHandler = emulator.Handler;
                }
            });
        }
    }
}
