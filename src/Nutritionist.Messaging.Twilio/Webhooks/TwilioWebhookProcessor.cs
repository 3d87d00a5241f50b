using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Twilio;

/// <summary>
/// Checks the signature of a Twilio webhook request and parses it into a <see cref="TwilioInboundMessage"/> or a
/// <see cref="TwilioStatusCallback"/>. A bad request gives a <see cref="TwilioWebhookResult"/> saying why, never an exception.
/// </summary>
/// <remarks>
/// Signatures are checked with <see cref="TwilioWhatsAppOptions.AuthToken"/> (Twilio signs with the account's auth token
/// even when REST calls use an API key). Behind a proxy, set <see cref="TwilioWhatsAppOptions.WebhookPublicBaseUrl"/>: the
/// URL that is checked is then its scheme, host, port and path prefix followed by the received path and query.
/// It only checks and parses: <see cref="TwilioWebhookHandler"/> also feeds the result to the inbound pipeline.
/// Thread-safe singleton.
/// </remarks>
internal sealed class TwilioWebhookProcessor
{
    private readonly TwilioWhatsAppOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a processor.</summary>
    /// <param name="options">The Twilio settings (auth token, public base URL).</param>
    /// <param name="logger">Logs refused requests (path only, never the signature or the body).</param>
    /// <param name="timeProvider">Stamps <c>ReceivedAt</c>; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public TwilioWebhookProcessor(IOptions<TwilioWhatsAppOptions> options, ILogger<TwilioWebhookProcessor>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Checks and parses one webhook request.</summary>
    /// <param name="request">What the host received.</param>
    /// <returns>The outcome; <see cref="TwilioWebhookResult.IsAccepted"/> when it is a correctly signed message or status update.</returns>
    public TwilioWebhookResult Process(TwilioWebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = PublicUrl(request.Url);

        if (string.IsNullOrEmpty(_options.AuthToken))
        {
            return Refuse(TwilioWebhookOutcome.NotConfigured, url, "NutritionistMessaging:Twilio:AuthToken (TWILIO_AUTH_TOKEN) is not set, so webhook signatures cannot be checked.");
        }

        if (string.IsNullOrEmpty(request.Signature))
        {
            return Refuse(TwilioWebhookOutcome.MissingSignature, url, "The request has no X-Twilio-Signature header.");
        }

        if (!TwilioSignature.IsValid(_options.AuthToken, url, request.Form, request.Signature, request.JsonBody))
        {
            return Refuse(TwilioWebhookOutcome.InvalidSignature, url, "The X-Twilio-Signature header does not match the request (check WebhookPublicBaseUrl when behind a proxy).");
        }

        var form = request.Form;
        var receivedAt = _timeProvider.GetUtcNow();
        var messageSid = First(form, "MessageSid") ?? First(form, "SmsMessageSid");
        var status = First(form, "MessageStatus");
        if (messageSid is not null && status is not null && !status.Equals("received", StringComparison.OrdinalIgnoreCase))
        {
            var callback = new TwilioStatusCallback
            {
                MessageSid = messageSid,
                MessageStatus = status.ToLowerInvariant(),
                ErrorCode = First(form, "ErrorCode"),
                ErrorMessage = First(form, "ErrorMessage"),
                AccountSid = First(form, "AccountSid"),
                From = WhatsAppAddress.StripPrefix(First(form, "From")),
                To = WhatsAppAddress.StripPrefix(First(form, "To")),
                ReceivedAt = receivedAt,
                Parameters = form,
            };
            Log.WebhookAccepted(_logger, "status callback", messageSid, PhoneNumberMasking.Mask(callback.To));
            return new TwilioWebhookResult { Outcome = TwilioWebhookOutcome.StatusCallback, StatusCallback = callback };
        }

        var from = First(form, "From");
        if (messageSid is null || string.IsNullOrEmpty(from))
        {
            return Refuse(TwilioWebhookOutcome.Unrecognized, url, "The request is neither an inbound message (MessageSid, From) nor a status callback (MessageSid, MessageStatus).");
        }

        var message = new TwilioInboundMessage
        {
            MessageSid = messageSid,
            AccountSid = First(form, "AccountSid"),
            From = WhatsAppAddress.StripPrefix(from)!,
            To = WhatsAppAddress.StripPrefix(First(form, "To")),
            IsWhatsApp = from.StartsWith(WhatsAppAddress.Prefix, StringComparison.OrdinalIgnoreCase),
            Body = First(form, "Body") ?? string.Empty,
            Media = ReadMedia(form),
            ProfileName = First(form, "ProfileName"),
            WaId = First(form, "WaId"),
            ButtonPayload = First(form, "ButtonPayload"),
            ButtonText = First(form, "ButtonText"),
            OriginalRepliedMessageSid = First(form, "OriginalRepliedMessageSid"),
            ReceivedAt = receivedAt,
            Parameters = form,
        };
        Log.WebhookAccepted(_logger, "inbound message", messageSid, PhoneNumberMasking.Mask(message.From));
        return new TwilioWebhookResult { Outcome = TwilioWebhookOutcome.InboundMessage, InboundMessage = message };
    }

    /// <summary>The URL Twilio signed: the received one, or the public base URL joined with the received path and query.</summary>
    internal string PublicUrl(string receivedUrl)
    {
        if (_options.WebhookPublicBaseUrl is not { } publicBase || !TwilioSignature.TrySplit(receivedUrl, out _, out _, out var authorityEnd))
        {
            return receivedUrl;
        }

        var pathAndQuery = receivedUrl[authorityEnd..];
        var prefix = publicBase.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + publicBase.AbsolutePath.TrimEnd('/');
        return prefix + pathAndQuery;
    }

    private static List<TwilioInboundMedia> ReadMedia(IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var media = new List<TwilioInboundMedia>();
        if (!int.TryParse(First(form, "NumMedia"), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return media;
        }

        // WhatsApp sends one item per message, MMS up to ten; never trust the count beyond that.
        for (var i = 0; i < Math.Min(count, 10); i++)
        {
            var index = i.ToString(CultureInfo.InvariantCulture);
            if (Uri.TryCreate(First(form, "MediaUrl" + index), UriKind.Absolute, out var url))
            {
                media.Add(new TwilioInboundMedia(url, First(form, "MediaContentType" + index)));
            }
        }

        return media;
    }

    private static string? First(IReadOnlyList<KeyValuePair<string, string>> form, string key)
    {
        foreach (var pair in form)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    private TwilioWebhookResult Refuse(TwilioWebhookOutcome outcome, string url, string error)
    {
        Log.WebhookRefused(_logger, outcome.ToString(), PathOf(url));
        return new TwilioWebhookResult { Outcome = outcome, Error = error };
    }

    private static string PathOf(string url)
    {
        // The path only: a query may carry values we should not copy into logs.
        if (!TwilioSignature.TrySplit(url, out _, out _, out var authorityEnd))
        {
            return "(unparsable URL)";
        }

        var end = url.IndexOfAny(['?', '#'], authorityEnd);
        return end < 0 ? url[authorityEnd..] : url[authorityEnd..end];
    }
}
