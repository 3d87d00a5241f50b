using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// Gives the providers' options the sandbox's credentials, region, pool and sender where the host left them unset, without the
/// sandbox referencing the provider assemblies: registered as an open generic <see cref="IPostConfigureOptions{TOptions}"/>,
/// it acts only on <c>Nutritionist.Messaging.Aws.AwsSmsOptions</c> and <c>Nutritionist.Messaging.Twilio.TwilioWhatsAppOptions</c>,
/// by their documented public property names.
/// </summary>
internal sealed class SandboxProviderOptionsSetup<TOptions>(IServiceProvider services) : IPostConfigureOptions<TOptions>
    where TOptions : class
{
    public const string AwsOptionsType = "Nutritionist.Messaging.Aws.AwsSmsOptions";
    public const string TwilioOptionsType = "Nutritionist.Messaging.Twilio.TwilioWhatsAppOptions";

    public void PostConfigure(string? name, TOptions options)
    {
        var typeName = typeof(TOptions).FullName;
        if (typeName is not (AwsOptionsType or TwilioOptionsType))
        {
            return;
        }

        // Resolved here, not in the constructor: resolving SandboxOptions builds its own post-configure list, this class included.
        var sandbox = services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        if (!sandbox.ConfigureProviders)
        {
            return;
        }

        if (typeName == AwsOptionsType)
        {
            if (IsEmpty(options, "AccessKeyId"))
            {
                Set(options, "AccessKeyId", sandbox.AwsAccessKeyId);
                Set(options, "SecretAccessKey", sandbox.AwsSecretAccessKey);
                Set(options, "SessionToken", null);
            }

            if (IsEmpty(options, "Region"))
            {
                Set(options, "Region", sandbox.AwsRegion);
            }

            // The sandbox's pool, so MMS (which needs an origination identity) works with nothing configured.
            if (Property("OriginationIdentities")?.GetValue(options) is List<string> { Count: 0 } identities)
            {
                identities.Add(SandboxState.PoolId);
            }
        }
        else
        {
            if (IsEmpty(options, "AccountSid"))
            {
                Set(options, "AccountSid", sandbox.TwilioAccountSid);
            }

            if (IsEmpty(options, "AuthToken") && IsEmpty(options, "ApiKeySid"))
            {
                Set(options, "AuthToken", sandbox.TwilioAuthToken);
            }

            if (IsEmpty(options, "From") && IsEmpty(options, "MessagingServiceSid"))
            {
                Set(options, "From", sandbox.WhatsAppFrom);
            }
        }
    }

    private static PropertyInfo? Property(string name) => typeof(TOptions).GetProperty(name, BindingFlags.Public | BindingFlags.Instance);

    private static bool IsEmpty(TOptions options, string name) =>
        Property(name)?.GetValue(options) is not string { Length: > 0 };

    private static void Set(TOptions options, string name, string? value)
    {
        if (Property(name) is { CanWrite: true, PropertyType: var type } property && type == typeof(string))
        {
            property.SetValue(options, value);
        }
    }
}
