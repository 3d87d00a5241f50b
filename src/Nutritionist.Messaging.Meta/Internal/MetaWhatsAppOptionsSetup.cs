using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Meta.Internal;

/// <summary>
/// Fills settings left unset, after configuration and code have run: from the environment variables (only the unnamed
/// registration's: a named one must not borrow another account's token), then from the registered
/// <see cref="MessagingEmulator"/> (every registration's), so the host's own settings win over the emulator's.
/// </summary>
internal sealed class MetaWhatsAppOptionsSetup(MetaEnvironment environment, IServiceProvider services) : IPostConfigureOptions<MetaWhatsAppOptions>
{
    public void PostConfigure(string? name, MetaWhatsAppOptions options)
    {
        if (name == Options.DefaultName)
        {
            options.AccessToken = Fill(options.AccessToken, MetaEnvironment.AccessTokenVariable);
            options.PhoneNumberId = Fill(options.PhoneNumberId, MetaEnvironment.PhoneNumberIdVariable);
            options.AppSecret = Fill(options.AppSecret, MetaEnvironment.AppSecretVariable);
            options.VerifyToken = Fill(options.VerifyToken, MetaEnvironment.VerifyTokenVariable);
            options.WabaId = Fill(options.WabaId, MetaEnvironment.WabaIdVariable);
        }

        if (services.GetService<MessagingEmulator>() is { } emulator)
        {
            if (string.IsNullOrEmpty(options.AccessToken))
            {
                options.AccessToken = emulator.MetaAccessToken;
            }

            if (string.IsNullOrEmpty(options.PhoneNumberId))
            {
                options.PhoneNumberId = emulator.MetaPhoneNumberId;
            }
        }
    }

    private string? Fill(string? value, string variable)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        var fromEnvironment = environment.Get(variable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment.Trim();
    }
}
