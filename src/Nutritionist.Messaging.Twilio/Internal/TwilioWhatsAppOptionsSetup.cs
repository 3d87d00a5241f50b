using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// Fills settings left unset from the seed's environment variables, after configuration and code have run. Only the unnamed
/// registration's: a second, named account must not borrow the first one's credentials.
/// </summary>
internal sealed class TwilioWhatsAppOptionsSetup(TwilioEnvironment environment) : IPostConfigureOptions<TwilioWhatsAppOptions>
{
    public void PostConfigure(string? name, TwilioWhatsAppOptions options)
    {
        if (name != Options.DefaultName)
        {
            return;
        }

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

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
