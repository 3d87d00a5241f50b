using Amazon;
using Amazon.Runtime;
using Amazon.SQS;

namespace Nutritionist.Messaging.Aws.Inbound;

/// <summary>Builds the pump's <see cref="IAmazonSQS"/> from <see cref="SqsPumpOptions"/>.</summary>
internal static class SqsClientFactory
{
    /// <summary>The signing region when <see cref="SqsPumpOptions.ServiceUrl"/> is set without a region.</summary>
    public const string DefaultLocalRegion = "us-east-1";

    public static AmazonSQSClient Create(SqsPumpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonSQSConfig();
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.AbsoluteUri;
            config.AuthenticationRegion = options.Region ?? DefaultLocalRegion;
        }
        else if (!string.IsNullOrWhiteSpace(options.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        var credentials = CredentialsFor(options);
        return credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
    }

    /// <summary>Explicit keys, else dummy keys for a loopback emulator, else <see langword="null"/> (the SDK's default chain).</summary>
    internal static AWSCredentials? CredentialsFor(SqsPumpOptions options)
    {
        if (!string.IsNullOrEmpty(options.AccessKeyId) && !string.IsNullOrEmpty(options.SecretAccessKey))
        {
            return string.IsNullOrEmpty(options.SessionToken)
                ? new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
                : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
        }

        return options.ServiceUrl is { IsAbsoluteUri: true, IsLoopback: true } ? new BasicAWSCredentials("test", "test") : null;
    }
}
