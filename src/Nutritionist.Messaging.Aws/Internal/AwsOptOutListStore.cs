using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.PhoneNumbers;

namespace Nutritionist.Messaging.Aws.Internal;

/// <summary>
/// An <see cref="IOptOutStore"/> whose SMS answers come from an AWS opt-out list (cached briefly) and whose SMS opt-outs and
/// opt-ins are written back to it. Other platforms, and SMS when AWS cannot be asked, use an in-memory store.
/// </summary>
/// <remarks>
/// Thread-safe singleton. A failed look-up does not throw: the router asks before every send, and AWS itself refuses to text
/// an opted-out number (that refusal comes back as <see cref="MessagingErrorCode.OptedOut"/>), so the local answer is a safe
/// fallback.
/// </remarks>
internal sealed class AwsOptOutListStore : IOptOutStore
{
    public static readonly TimeSpan DefaultCacheDuration = TimeSpan.FromMinutes(1);
    private const int MaxCacheEntries = 50_000;

    private readonly SmsVoiceClient _client;
    private readonly string _listName;
    private readonly IOptOutStore _local;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _cacheDuration;
    private readonly ILogger<AwsOptOutListStore> _logger;
    private readonly ConcurrentDictionary<string, (bool OptedOut, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public AwsOptOutListStore(SmsVoiceClient client, string listName, IOptOutStore local, TimeProvider timeProvider, TimeSpan cacheDuration, ILogger<AwsOptOutListStore> logger)
    {
        _client = client;
        _listName = listName;
        _local = local;
        _timeProvider = timeProvider;
        _cacheDuration = cacheDuration;
        _logger = logger;
    }

    public async ValueTask<bool> IsOptedOutAsync(string phoneNumber, MessagingPlatform platform, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(phoneNumber);
        if (platform != MessagingPlatform.Sms)
        {
            return await _local.IsOptedOutAsync(phoneNumber, platform, cancellationToken).ConfigureAwait(false);
        }

        var now = _timeProvider.GetUtcNow();
        if (_cache.TryGetValue(phoneNumber, out var cached) && cached.Expires > now)
        {
            return cached.OptedOut || await _local.IsOptedOutAsync(phoneNumber, platform, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var result = await _client.DescribeOptedOutNumbersAsync(
                new DescribeOptedOutNumbersRequest { OptOutListName = _listName, OptedOutNumbers = [phoneNumber] },
                cancellationToken).ConfigureAwait(false);
            var optedOut = result.OptedOutNumbers?.Any(n => string.Equals(n.OptedOutNumber, phoneNumber, StringComparison.Ordinal)) == true;
            Remember(phoneNumber, optedOut);
            return optedOut || await _local.IsOptedOutAsync(phoneNumber, platform, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AwsApiException or MessagingException && !cancellationToken.IsCancellationRequested)
        {
            var code = e is MessagingException m ? m.Code : AwsErrorMapper.ToMessagingException((AwsApiException)e).Code;
            Log.OptOutCheckFailed(_logger, PhoneNumberMasking.Mask(phoneNumber), _listName, code);
            return await _local.IsOptedOutAsync(phoneNumber, platform, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OptOutAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(phoneNumber);

        // Locally first, so the opt-out holds even if AWS cannot be reached now.
        await _local.OptOutAsync(phoneNumber, platform, cancellationToken).ConfigureAwait(false);
        if (platform is null or MessagingPlatform.Sms)
        {
            try
            {
                await _client.PutOptedOutNumberAsync(new OptedOutNumberRequest { OptOutListName = _listName, OptedOutNumber = phoneNumber }, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsApiException e)
            {
                throw AwsErrorMapper.ToMessagingException(e);
            }

            Remember(phoneNumber, true);
            Log.OptOutWritten(_logger, PhoneNumberMasking.Mask(phoneNumber), _listName);
        }
    }

    public async ValueTask OptInAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(phoneNumber);
        await _local.OptInAsync(phoneNumber, platform, cancellationToken).ConfigureAwait(false);
        if (platform is null or MessagingPlatform.Sms)
        {
            try
            {
                await _client.DeleteOptedOutNumberAsync(new OptedOutNumberRequest { OptOutListName = _listName, OptedOutNumber = phoneNumber }, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsApiException e) when (e.ErrorType == "ResourceNotFoundException" && e.ResourceType is null or "opted-out-number")
            {
                // Not on the list: already opted in.
            }
            catch (AwsApiException e)
            {
                _cache.TryRemove(phoneNumber, out _);
                throw AwsErrorMapper.ToMessagingException(e);
            }

            Remember(phoneNumber, false);
            Log.OptInWritten(_logger, PhoneNumberMasking.Mask(phoneNumber), _listName);
        }
    }

    private void Remember(string phoneNumber, bool optedOut)
    {
        if (_cache.Count >= MaxCacheEntries)
        {
            // A crude bound: the cache only saves round trips, so dropping it is always correct.
            _cache.Clear();
        }

        _cache[phoneNumber] = (optedOut, _timeProvider.GetUtcNow() + _cacheDuration);
    }
}
