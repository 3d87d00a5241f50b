using Amazon.SimpleSystemsManagement;
using Nutritionist.Messaging.Aws.ParameterStore;

namespace Microsoft.Extensions.Configuration;

/// <summary>Adds AWS Systems Manager Parameter Store as a configuration source for Nutritionist.Messaging settings.</summary>
public static class ParameterStoreConfigurationExtensions
{
    /// <summary>The default parameter path prefix.</summary>
    public const string DefaultPrefix = "/ai-nutritionist/";

    /// <summary>
    /// Reads every parameter under <paramref name="prefix"/> (recursively, SecureStrings decrypted, all pages) with the AWS SDK's
    /// default credentials and region, and maps <c>{prefix}twilio/account-sid</c>, <c>twilio/auth-token</c> and
    /// <c>twilio/whatsapp-number</c> to <c>NutritionistMessaging:Twilio:AccountSid</c>, <c>AuthToken</c> and <c>From</c>
    /// (<c>whatsapp:</c> is added when missing). Other parameters map the same way: each kebab-case path segment becomes a
    /// Pascal-case key under <c>NutritionistMessaging</c>.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="prefix">The path prefix; default <c>/ai-nutritionist/</c>.</param>
    /// <param name="optional">When <see langword="true"/>, a failure to read the parameters leaves the source empty instead of failing start-up.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.Configuration.AddNutritionistParameterStore();
    /// builder.Services.AddNutritionistMessaging(builder.Configuration).AddTwilioWhatsApp();
    /// </code>
    /// </example>
    public static IConfigurationBuilder AddNutritionistParameterStore(this IConfigurationBuilder builder, string prefix = DefaultPrefix, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        return builder.Add(new ParameterStoreConfigurationSource { Prefix = prefix, Optional = optional });
    }

    /// <summary>
    /// Like <see cref="AddNutritionistParameterStore(IConfigurationBuilder, string, bool)"/>, with a client of your own
    /// (another region, credentials, or endpoint). The caller keeps ownership of <paramref name="client"/>.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="client">The Systems Manager client.</param>
    /// <param name="prefix">The path prefix; default <c>/ai-nutritionist/</c>.</param>
    /// <param name="optional">When <see langword="true"/>, a failure to read the parameters leaves the source empty instead of failing start-up.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddNutritionistParameterStore(this IConfigurationBuilder builder, IAmazonSimpleSystemsManagement client, string prefix = DefaultPrefix, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        return builder.Add(new ParameterStoreConfigurationSource { Prefix = prefix, Optional = optional, Client = client });
    }
}
