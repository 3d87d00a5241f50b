using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>Where and as whom requests go: the endpoint, the signing region and the credentials.</summary>
internal interface IAwsConnection
{
    /// <summary>Resolves (once) the endpoint and region, and returns them with fresh credentials for one request.</summary>
    ValueTask<AwsRequestContext> GetAsync(CancellationToken cancellationToken);
}

/// <summary>What one signed request needs.</summary>
internal readonly record struct AwsRequestContext(Uri Endpoint, string Region, AwsCredentialsSnapshot Credentials);

/// <summary>
/// The connection settings one AWS service client resolves: the options both providers share, the configuration key prefix
/// for messages, and the service's host prefix and endpoint variable.
/// </summary>
internal sealed record AwsConnectionSettings
{
    public string? Region { get; init; }

    public Uri? ServiceUrl { get; init; }

    public bool UseFips { get; init; }

    public bool UseDualStack { get; init; }

    public string? AccessKeyId { get; init; }

    public string? SecretAccessKey { get; init; }

    public string? SessionToken { get; init; }

    public string? ProfileName { get; init; }

    /// <summary><c>NutritionistMessaging:Aws:</c>, the prefix of the keys error messages name.</summary>
    public string KeyPrefix { get; init; } = AwsSmsOptionsValidator.KeyPrefix;

    /// <summary>What the service is called in messages and logs (<c>AWS SMS</c>).</summary>
    public string ServiceLabel { get; init; } = "AWS SMS";

    /// <summary>The endpoint host prefix (<c>sms-voice</c>).</summary>
    public string HostPrefix { get; init; } = AwsEndpointResolver.SmsVoiceHostPrefix;

    /// <summary>The service-specific endpoint variable (<c>AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2</c>).</summary>
    public string EndpointVariable { get; init; } = AwsEndpointResolver.ServiceEndpointVariable;

    /// <summary>The settings of the SMS client.</summary>
    public static AwsConnectionSettings Of(AwsSmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new()
        {
            Region = options.Region,
            ServiceUrl = options.ServiceUrl,
            UseFips = options.UseFips,
            UseDualStack = options.UseDualStack,
            AccessKeyId = options.AccessKeyId,
            SecretAccessKey = options.SecretAccessKey,
            SessionToken = options.SessionToken,
            ProfileName = options.ProfileName,
        };
    }

    /// <summary>The settings of the End User Messaging Social client.</summary>
    public static AwsConnectionSettings Of(AwsWhatsAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new()
        {
            Region = options.Region,
            ServiceUrl = options.ServiceUrl,
            UseFips = options.UseFips,
            UseDualStack = options.UseDualStack,
            AccessKeyId = options.AccessKeyId,
            SecretAccessKey = options.SecretAccessKey,
            SessionToken = options.SessionToken,
            ProfileName = options.ProfileName,
            KeyPrefix = AwsWhatsAppOptionsValidator.KeyPrefix,
            ServiceLabel = "AWS End User Messaging Social",
            HostPrefix = AwsEndpointResolver.SocialMessagingHostPrefix,
            EndpointVariable = AwsEndpointResolver.SocialEndpointVariable,
        };
    }
}

/// <summary>
/// Resolves credentials and region through AWSSDK.Core: explicit keys, a named profile (<see cref="CredentialProfileStoreChain"/>),
/// or the SDK's default chain (<see cref="DefaultAWSCredentialsIdentityResolver"/>). Resolution is lazy (the default chain can
/// reach instance metadata, which must not slow start-up) and retried until it succeeds.
/// </summary>
/// <remarks>
/// Thread-safe. Credentials are asked for on every request: <see cref="AWSCredentials.GetCredentialsAsync"/> returns cached
/// credentials and refreshes temporary ones before they expire.
/// </remarks>
internal sealed class AwsConnection : IAwsConnection, IDisposable
{
    private const string DefaultSigningRegion = "us-east-1";

    private readonly AwsConnectionSettings _options;
    private readonly ILogger<AwsConnection> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AWSCredentials? _credentials;
    private volatile Resolved? _resolved;

    public AwsConnection(IOptions<AwsSmsOptions> options, ILogger<AwsConnection> logger)
        : this(options, logger, null)
    {
    }

    /// <summary>Uses <paramref name="credentials"/> instead of resolving them (tests; DI uses the public constructor).</summary>
    internal AwsConnection(IOptions<AwsSmsOptions> options, ILogger<AwsConnection> logger, AWSCredentials? credentials)
        : this(AwsConnectionSettings.Of(options?.Value!), logger, credentials)
    {
    }

    /// <summary>A connection for another service (End User Messaging Social) or other settings.</summary>
    internal AwsConnection(AwsConnectionSettings settings, ILogger<AwsConnection> logger, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _options = settings;
        _logger = logger;
        _credentials = credentials;
    }

    private sealed record Resolved(Uri Endpoint, string Region, AWSCredentials Credentials);

    private static AwsCredentialsSnapshot SnapshotOf(ImmutableCredentials credentials) =>
        new(credentials.AccessKey, credentials.SecretKey, credentials.UseToken ? credentials.Token : null);

    public async ValueTask<AwsRequestContext> GetAsync(CancellationToken cancellationToken)
    {
        var resolved = _resolved ?? await ResolveAsync(cancellationToken).ConfigureAwait(false);
        ImmutableCredentials credentials;
        try
        {
            // No token parameter in the SDK API; it returns cached credentials or refreshes expiring ones.
            credentials = await resolved.Credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException or InvalidOperationException)
        {
            throw new MessagingException(MessagingErrorCode.AuthenticationFailed, $"Could not obtain AWS credentials: {e.Message}", e.GetType().Name, isTransient: true, innerException: e);
        }

        return new AwsRequestContext(resolved.Endpoint, resolved.Region, SnapshotOf(credentials));
    }

    public void Dispose() => _gate.Dispose();

    private async ValueTask<Resolved> ResolveAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_resolved is { } done)
            {
                return done;
            }

            var (credentials, source, profile) = await ResolveCredentialsAsync().ConfigureAwait(false);
            var region = ResolveRegion(profile);
            var endpoint = ResolveEndpoint(region);
            region ??= DefaultSigningRegion; // only reachable with a custom endpoint, which needs a signing region anyway
            Log.Resolved(_logger, _options.ServiceLabel, endpoint, region, source);
            _resolved = new Resolved(endpoint, region, credentials);
            return _resolved;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(AWSCredentials Credentials, string Source, CredentialProfile? Profile)> ResolveCredentialsAsync()
    {
        if (_credentials is not null)
        {
            return (_credentials, _credentials.GetType().Name, null);
        }

        if (!string.IsNullOrEmpty(_options.AccessKeyId) && !string.IsNullOrEmpty(_options.SecretAccessKey))
        {
            AWSCredentials explicitCredentials = string.IsNullOrEmpty(_options.SessionToken)
                ? new BasicAWSCredentials(_options.AccessKeyId, _options.SecretAccessKey)
                : new SessionAWSCredentials(_options.AccessKeyId, _options.SecretAccessKey, _options.SessionToken);
            return (explicitCredentials, "options", null);
        }

        if (!string.IsNullOrEmpty(_options.ProfileName))
        {
            var chain = new CredentialProfileStoreChain();
            if (!chain.TryGetProfile(_options.ProfileName, out var profile))
            {
                throw NotConfigured($"The AWS profile \"{_options.ProfileName}\" ({_options.KeyPrefix}ProfileName) was not found in the shared credentials or config file.");
            }

            if (!chain.TryGetAWSCredentials(_options.ProfileName, out var profileCredentials))
            {
                throw NotConfigured($"The AWS profile \"{_options.ProfileName}\" ({_options.KeyPrefix}ProfileName) holds no usable credentials.");
            }

            return (profileCredentials, "profile " + _options.ProfileName, profile);
        }

        try
        {
            var credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).ConfigureAwait(false);
            return (credentials, "default chain: " + credentials.GetType().Name, null);
        }
        catch (AmazonClientException e)
        {
            throw new MessagingException(
                MessagingErrorCode.NotConfigured,
                $"No AWS credentials: set {_options.KeyPrefix}AccessKeyId and SecretAccessKey, or ProfileName, or provide them the AWS way " +
                $"(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, web identity, container or instance role). {e.Message}",
                e.GetType().Name,
                innerException: e);
        }
    }

    private string? ResolveRegion(CredentialProfile? profile)
    {
        if (!string.IsNullOrEmpty(_options.Region))
        {
            return _options.Region;
        }

        if (profile?.Region is { } profileRegion)
        {
            return profileRegion.SystemName;
        }

        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }

    private Uri ResolveEndpoint(string? region)
    {
        var endpoint = _options.ServiceUrl?.ToString() ?? AwsEndpointResolver.EndpointFromEnvironment(_options.EndpointVariable);
        var useFips = _options.UseFips || EnvironmentFlag("AWS_USE_FIPS_ENDPOINT");
        var useDualStack = _options.UseDualStack || EnvironmentFlag("AWS_USE_DUALSTACK_ENDPOINT");
        try
        {
            return AwsEndpointResolver.Resolve(region, useFips, useDualStack, endpoint, _options.HostPrefix);
        }
        catch (InvalidOperationException e)
        {
            var hint = region is null ? $" Set {_options.KeyPrefix}Region or AWS_REGION." : string.Empty;
            throw NotConfigured($"The {_options.ServiceLabel} endpoint cannot be resolved: {e.Message}.{hint}");
        }
        catch (UriFormatException e)
        {
            throw NotConfigured($"The {_options.ServiceLabel} endpoint \"{endpoint}\" is not a valid URL: {e.Message}");
        }
    }

    private static bool EnvironmentFlag(string name) =>
        string.Equals(Environment.GetEnvironmentVariable(name), "true", StringComparison.OrdinalIgnoreCase);

    private static MessagingException NotConfigured(string message) => new(MessagingErrorCode.NotConfigured, message);
}
