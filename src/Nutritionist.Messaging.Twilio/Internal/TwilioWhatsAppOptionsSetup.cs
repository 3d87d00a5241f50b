using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// Fills settings left unset, after configuration and code have run: from the seed's environment variables (only the
/// unnamed registration's: a second, named account must not borrow the first one's credentials), then from the registered
/// <see cref="MessagingEmulator"/> (every registration's), so the host's own credentials win over the emulator's.
/// </summary>
internal sealed class TwilioWhatsAppOptionsSetup(TwilioEnvironment environment, IServiceProvider services) : IPostConfigureOptions<TwilioWhatsAppOptions>
{
    public void PostConfigure(string? name, TwilioWhatsAppOptions options)
    {
        if (name == Options.DefaultName)
        {
            FillFromEnvironment(options);
        }

        if (services.GetService<MessagingEmulator>() is { } emulator)
        {
            FillFromEmulator(options, emulator);
        }
    }

    private void FillFromEnvironment(TwilioWhatsAppOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.AccountSid))
        {
            options.AccountSid = NullIfBlank(environment.Get(TwilioEnvironment.AccountSidVariable));
        }

        if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            options.AuthToken = NullIfBlank(environment.Get(TwilioEnvironment.AuthTokenVariable));
        }

        if (string.IsNullOrWhiteSpace(options.From) && string.IsNullOrWhiteSpace(options.MessagingServiceSid))
        {
            var number = NullIfBlank(environment.Get(TwilioEnvironment.WhatsAppNumberVariable));

            // The seed stores the bare number; the API wants the channel prefix.
            options.From = number is not null && number.StartsWith('+') ? WhatsAppAddress.Prefix + number : number;
        }
    }

    private static void FillFromEmulator(TwilioWhatsAppOptions options, MessagingEmulator emulator)
    {
        if (string.IsNullOrEmpty(options.AccountSid))
        {
            options.AccountSid = emulator.TwilioAccountSid;
        }

        if (string.IsNullOrEmpty(options.AuthToken) && string.IsNullOrEmpty(options.ApiKeySid))
        {
            options.AuthToken = emulator.TwilioAuthToken;
        }

        if (string.IsNullOrEmpty(options.From) && string.IsNullOrEmpty(options.MessagingServiceSid))
        {
            options.From = emulator.TwilioWhatsAppFrom;
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
