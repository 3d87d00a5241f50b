using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Reliability;
using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>
/// <see cref="ISmsProvider"/> over AWS End User Messaging SMS: <c>SendTextMessage</c>, or <c>SendMediaMessage</c> for one
/// <c>s3://</c> media file, with origination-identity failover.
/// </summary>
/// <remarks>
/// Thread-safe singleton. It never retries a send that may have reached AWS; it only moves to the next origination identity
/// when AWS said the identity itself cannot send (so nothing was sent).
/// </remarks>
internal sealed partial class AwsSmsProvider : ISmsProvider, IHealthCheck
{
    /// <summary>The provider name in results and logs.</summary>
    public const string ProviderName = "aws-sms";

    /// <summary>The <c>Context</c> key that carries <see cref="SmsMessage.ClientReference"/> to delivery events.</summary>
    public const string ClientReferenceContextKey = "ClientReference";

    private const int MaxContextValueLength = 800;

    private readonly SmsVoiceClient _client;
    private readonly AwsSmsOptions _options;
    private readonly OriginationFailover _failover;
    private readonly ILogger<AwsSmsProvider> _logger;
    private readonly AwsSmsHealthProbe? _health;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, StrictWindowRateLimiter> _identityLimiters = new(StringComparer.Ordinal);

    public AwsSmsProvider(SmsVoiceClient client, IOptions<AwsSmsOptions> options, TimeProvider timeProvider, ILogger<AwsSmsProvider> logger, AwsSmsHealthProbe? health = null)
    {
        _health = health;
        _time = timeProvider;
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options.Value;
        _logger = logger;
        _failover = new OriginationFailover(_options.OriginationIdentities, _options.OriginationIdentitiesByCountry, _options.FailoverCooldown, timeProvider);
    }

    public string Name => ProviderName;

    /// <summary>Used by <c>AddMessagingHealthChecks()</c> on the messaging builder: see <see cref="AwsSmsHealthProbe"/>.</summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _health?.CheckAsync(context, cancellationToken) ?? Task.FromResult(HealthCheckResult.Healthy("AWS SMS provider registered (no health probe configured)."));

    public async Task<ProviderReceipt> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var media = MediaUrlOf(message);
        var context = ContextOf(message);
        // Masked only when a Debug line will use it; the Warning lines below mask on their own (they are rare).
        var masked = _logger.IsEnabled(LogLevel.Debug) ? PhoneNumberMasking.Mask(message.To) : string.Empty;
        var candidates = _failover.CandidatesFor(message.RegionCode);
        if (media is not null && candidates.Count == 0)
        {
            throw new MessagingException(
                MessagingErrorCode.NotConfigured,
                "AWS SendMediaMessage needs an origination identity: set NutritionistMessaging:Aws:OriginationIdentities (or PHONE_POOL_ID).");
        }

        Log.Body(_logger, masked, message.Body);
        var operation = media is null ? "SendTextMessage" : "SendMediaMessage";

        // One attempt per candidate identity, best first; with none configured, one attempt and AWS picks the identity.
        for (var i = 0; ; i++)
        {
            var identity = candidates.Count == 0 ? null : candidates[i];
            await WaitForIdentityRateAsync(message, identity, media, cancellationToken).ConfigureAwait(false);
            Log.Sending(_logger, operation, masked, identity ?? "(AWS default)");
            SendMessageResult result;
            try
            {
                result = media is null
                    ? await _client.SendTextMessageAsync(TextRequest(message, identity, context), cancellationToken).ConfigureAwait(false)
                    : await _client.SendMediaMessageAsync(MediaRequest(message, identity!, media, context), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsApiException e) when (identity is not null && AwsErrorMapper.IsOriginationFailure(e, identity, out var countryScoped))
            {
                // The identity itself cannot send (so nothing was sent): skip it for a while and try the next one.
                _failover.MarkFailed(identity, countryScoped ? message.RegionCode : null);
                if (i + 1 >= candidates.Count)
                {
                    Log.FailoverExhausted(_logger, identity, PhoneNumberMasking.Mask(message.To), e.ErrorType, e.Reason);
                    throw AwsErrorMapper.ToMessagingException(e);
                }

                Log.FailingOver(_logger, identity, PhoneNumberMasking.Mask(message.To), e.ErrorType, e.Reason, countryScoped ? $" for {message.RegionCode}" : string.Empty, _options.FailoverCooldown);
                continue;
            }
            catch (AwsApiException e)
            {
                throw AwsErrorMapper.ToMessagingException(e);
            }

            if (string.IsNullOrEmpty(result.MessageId))
            {
                throw new MessagingException(
                    MessagingErrorCode.ProviderUnavailable,
                    $"AWS answered {operation} with success but without a MessageId.",
                    "MissingMessageId",
                    isTransient: true)
                { MayHaveBeenSent = true };
            }

            Log.Accepted(_logger, result.MessageId, masked, identity ?? "(AWS default)");
            return new ProviderReceipt(result.MessageId) { OriginationIdentity = identity };
        }
    }

    /// <summary>Waits for this identity's message-parts-per-second budget (<see cref="AwsSmsOptions.MessagePartsPerSecondPerIdentity"/>).</summary>
    private async ValueTask WaitForIdentityRateAsync(SmsMessage message, string? identity, string? media, CancellationToken cancellationToken)
    {
        if (_options.MessagePartsPerSecondPerIdentity is not { } partsPerSecond || identity is null)
        {
            return;
        }

        var limiter = _identityLimiters.GetOrAdd(identity, static (_, state) =>
            // AWS counts each number's message parts per second with a token bucket, which absorbs jitter: 2 % headroom
            // keeps the rate reached within 2 % of the one configured, without throttles.
            new StrictWindowRateLimiter(state.PartsPerSecond, TimeSpan.FromSeconds(1), queueLimit: 1_000, state.Time, headroom: 0.02), (PartsPerSecond: partsPerSecond, Time: _time));
        var parts = media is not null || string.IsNullOrEmpty(message.Body) ? 1 : Math.Max(1, SmsSegments.Calculate(message.Body).Segments);
        using var lease = await limiter.AcquireAsync(parts, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new MessagingException(
                MessagingErrorCode.Throttled,
                $"The client-side limit of {partsPerSecond} message parts per second for origination identity {identity} has 1,000 sends waiting; the message was not sent.",
                "ClientRateLimit",
                isTransient: true);
        }
    }

    private SendTextMessageRequest TextRequest(SmsMessage message, string? identity, Dictionary<string, string>? context) => new()
    {
        DestinationPhoneNumber = message.To,
        OriginationIdentity = identity,
        MessageBody = message.Body,
        MessageType = _options.MessageType,
        ConfigurationSetName = _options.ConfigurationSetName,
        MaxPrice = _options.MaxPrice,
        TimeToLive = TimeToLiveSeconds(),
        Context = context,
        DryRun = _options.DryRun ? true : null,
    };

    private SendMediaMessageRequest MediaRequest(SmsMessage message, string identity, string media, Dictionary<string, string>? context) => new()
    {
        DestinationPhoneNumber = message.To,
        OriginationIdentity = identity,
        MessageBody = string.IsNullOrEmpty(message.Body) ? null : message.Body,
        MediaUrls = [media],
        ConfigurationSetName = _options.ConfigurationSetName,
        MaxPrice = _options.MaxPrice,
        TimeToLive = TimeToLiveSeconds(),
        Context = context,
        DryRun = _options.DryRun ? true : null,
    };

    private int? TimeToLiveSeconds() => _options.TimeToLive is { } ttl ? (int)ttl.TotalSeconds : null;

    private static string? MediaUrlOf(SmsMessage message)
    {
        var urls = message.MediaUrls;
        if (urls.Count == 0)
        {
            return null;
        }

        if (urls.Count > 1)
        {
            throw new MessagingException(
                MessagingErrorCode.InvalidMessage,
                $"AWS SendMediaMessage accepts exactly one media file; the message has {urls.Count}. Send one MMS per file.");
        }

        var url = urls[0].IsAbsoluteUri ? urls[0].OriginalString : urls[0].ToString();
        if (url.Length > 2048 || !S3Url().IsMatch(url))
        {
            throw new MessagingException(
                MessagingErrorCode.InvalidMessage,
                $"AWS SendMediaMessage accepts only an s3://bucket/key URL of an object in the sending account's S3 (bucket names 3–63 characters of a-z 0-9 . -); got \"{url}\".");
        }

        return url;
    }

    private static Dictionary<string, string>? ContextOf(SmsMessage message)
    {
        var reference = message.ClientReference?.Trim();
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        if (reference.Length > MaxContextValueLength)
        {
            throw new MessagingException(
                MessagingErrorCode.InvalidMessage,
                $"The client reference is {reference.Length} characters long; AWS Context values hold at most {MaxContextValueLength}.");
        }

        return new Dictionary<string, string>(StringComparer.Ordinal) { [ClientReferenceContextKey] = reference };
    }

    [GeneratedRegex(@"^s3://([a-z0-9\.-]{3,63})/(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex S3Url();
}
