using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Meta.Internal;

/// <summary>
/// Fills settings left unset from the environment variables, after configuration and code have run. Only the unnamed
/// registration's: a named one must not borrow another account's token.
/// </summary>
internal sealed class MetaWhatsAppOptionsSetup(MetaEnvironment environment) : IPostConfigureOptions<MetaWhatsAppOptions>
{
    public void PostConfigure(string? name, MetaWhatsAppOptions options)
    {
        if (name != Options.DefaultName)
        {
            return;
        }

        options.AccessToken = Fill(options.AccessToken, MetaEnvironment.AccessTokenVariable);
        options.PhoneNumberId = Fill(options.PhoneNumberId, MetaEnvironment.PhoneNumberIdVariable);
        options.AppSecret = Fill(options.AppSecret, MetaEnvironment.AppSecretVariable);
        options.VerifyToken = Fill(options.VerifyToken, MetaEnvironment.VerifyTokenVariable);
        options.WabaId = Fill(options.WabaId, MetaEnvironment.WabaIdVariable);
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
