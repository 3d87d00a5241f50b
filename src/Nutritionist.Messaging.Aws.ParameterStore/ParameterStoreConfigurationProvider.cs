using System.Text;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Microsoft.Extensions.Configuration;

namespace Nutritionist.Messaging.Aws.ParameterStore;

/// <summary>The source behind <c>AddNutritionistParameterStore</c>.</summary>
internal sealed class ParameterStoreConfigurationSource : IConfigurationSource
{
    public required string Prefix { get; init; }

    public required bool Optional { get; init; }

    /// <summary>The client to use; <see langword="null"/> creates (and disposes) one with the SDK's default credentials and region.</summary>
    public IAmazonSimpleSystemsManagement? Client { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new ParameterStoreConfigurationProvider(this);
}

/// <summary>
/// Reads every parameter under a prefix (<c>GetParametersByPath</c>, recursive, decrypted, all pages) and maps
/// <c>{prefix}twilio/account-sid</c> to <c>NutritionistMessaging:Twilio:AccountSid</c>: each path segment in kebab case becomes a
/// Pascal-case key. <c>twilio/whatsapp-number</c> becomes <c>NutritionistMessaging:Twilio:From</c>, with <c>whatsapp:</c> added
/// when missing.
/// </summary>
internal sealed class ParameterStoreConfigurationProvider : ConfigurationProvider
{
    private const string Root = "NutritionistMessaging";

    private readonly ParameterStoreConfigurationSource _source;

    public ParameterStoreConfigurationProvider(ParameterStoreConfigurationSource source) => _source = source;

    public override void Load()
    {
        // IConfigurationProvider.Load is synchronous by contract and AWSSDK 4 has only asynchronous calls, so this is the one
        // place that blocks. Task.Run keeps a captured synchronization context from deadlocking it. Configuration loads once,
        // at start-up, before any request is served.
        Data = Task.Run(() => LoadAsync(CancellationToken.None)).GetAwaiter().GetResult();
    }

    internal async Task<Dictionary<string, string?>> LoadAsync(CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var prefix = NormalizePrefix(_source.Prefix);
        var ownsClient = _source.Client is null;
        var client = _source.Client ?? new AmazonSimpleSystemsManagementClient();
        try
        {
            string? nextToken = null;
            do
            {
                var response = await client.GetParametersByPathAsync(
                    new GetParametersByPathRequest
                    {
                        Path = prefix.TrimEnd('/') is { Length: > 0 } path ? path : "/",
                        Recursive = true,
                        WithDecryption = true,
                        NextToken = nextToken,
                    },
                    cancellationToken).ConfigureAwait(false);

                foreach (var parameter in response.Parameters ?? [])
                {
                    if (parameter?.Name is { } name && KeyFor(prefix, name) is { } key)
                    {
                        data[key] = ValueFor(key, parameter.Value);
                    }
                }

                nextToken = string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken;
            }
            while (nextToken is not null);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException && _source.Optional)
        {
            return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new InvalidOperationException(
                $"Reading AWS Parameter Store parameters under \"{prefix}\" failed: {e.Message} " +
                "(pass optional: true to AddNutritionistParameterStore to start without them).", e);
        }
        finally
        {
            if (ownsClient)
            {
                client.Dispose();
            }
        }

        return data;
    }

    internal static string NormalizePrefix(string prefix)
    {
        var value = prefix.Trim();
        if (!value.StartsWith('/'))
        {
            value = "/" + value;
        }

        return value.EndsWith('/') ? value : value + "/";
    }

    /// <summary>The configuration key for a parameter name, or <see langword="null"/> when it is not under the prefix.</summary>
    internal static string? KeyFor(string prefix, string name)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length == prefix.Length)
        {
            return null;
        }

        var segments = name[prefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 2 && segments[0].Equals("twilio", StringComparison.OrdinalIgnoreCase) && segments[1].Equals("whatsapp-number", StringComparison.OrdinalIgnoreCase))
        {
            return $"{Root}:Twilio:From";
        }

        var key = new StringBuilder(Root);
        foreach (var segment in segments)
        {
            key.Append(':');
            foreach (var word in segment.Split(['-', '_'], StringSplitOptions.RemoveEmptyEntries))
            {
                key.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
            }
        }

        return key.ToString();
    }

    private static string? ValueFor(string key, string? value)
    {
        if (value is not null && key.Equals($"{Root}:Twilio:From", StringComparison.OrdinalIgnoreCase))
        {
            value = value.Trim();
            if (!value.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase))
            {
                value = "whatsapp:" + value;
            }
        }

        return value;
    }
}
