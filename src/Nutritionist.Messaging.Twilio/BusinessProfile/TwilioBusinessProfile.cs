using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Twilio.Internal;
using Twilio.Rest;
using Twilio.Constant;
using TwilioHttpMethod = Twilio.Http.HttpMethod;
using TwilioRequest = Twilio.Http.Request;

namespace Nutritionist.Messaging.Twilio;

/// <summary>
/// <see cref="IWhatsAppBusinessProfile"/> over the Senders API (<c>https://messaging.twilio.com/v2/Channels/Senders/{Sid}</c>,
/// <c>messaging.v2.channels_sender</c> in twilio_messaging_v2.json).
/// </summary>
/// <remarks>
/// Thread-safe singleton. The sender is <see cref="TwilioWhatsAppOptions.SenderSid"/>, or else the WhatsApp sender whose
/// address is <see cref="TwilioWhatsAppOptions.From"/>, found once by listing the account's WhatsApp senders.
/// </remarks>
internal sealed class TwilioBusinessProfile : IWhatsAppBusinessProfile
{
    private const int MaxPages = 50;

    private readonly TwilioAccount _account;
    private readonly ILogger _logger;
    private string? _senderSid;

    public TwilioBusinessProfile(TwilioAccount account, ILogger<TwilioBusinessProfile>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _account = account;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _senderSid = string.IsNullOrWhiteSpace(account.Options.SenderSid) ? null : account.Options.SenderSid;
    }

    public async Task<WhatsAppBusinessProfile> GetAsync(CancellationToken cancellationToken = default)
    {
        var sid = await SenderSidAsync(cancellationToken).ConfigureAwait(false);
        using var sender = await _account.RequestJsonAsync(new TwilioRequest(TwilioHttpMethod.Get, Domain.Messaging, SenderPath(sid)), cancellationToken).ConfigureAwait(false);
        return ToProfile(sender.RootElement);
    }

    public async Task<WhatsAppBusinessProfile> UpdateAsync(WhatsAppBusinessProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var sid = await SenderSidAsync(cancellationToken).ConfigureAwait(false);

        // Only the set members, as the SDK's request builder writes them (null members left out).
        var fields = new JsonObject();
        Add(fields, "name", profile.DisplayName);
        Add(fields, "about", profile.About);
        Add(fields, "description", profile.Description);
        Add(fields, "address", profile.Address);
        Add(fields, "vertical", profile.Vertical);
        Add(fields, "logo_url", profile.LogoUrl?.AbsoluteUri);

        // The request schema leaves these untyped; the response shape ({email,label} / {website,label}) is what Twilio reads.
        if (profile.Emails is not null)
        {
            fields["emails"] = new JsonArray([.. profile.Emails.Select(static e => (JsonNode)new JsonObject { ["email"] = e, ["label"] = "Email" })]);
        }

        if (profile.Websites is not null)
        {
            fields["websites"] = new JsonArray([.. profile.Websites.Select(static w => (JsonNode)new JsonObject { ["website"] = w.AbsoluteUri, ["label"] = "Website" })]);
        }

        var body = new JsonObject { ["profile"] = fields }.ToJsonString();
        var request = new TwilioRequest(TwilioHttpMethod.Post, Domain.Messaging, SenderPath(sid), contentType: EnumConstants.ContentTypeEnum.JSON, body: body);
        using var sender = await _account.RequestJsonAsync(request, cancellationToken).ConfigureAwait(false);
        Log.ProfileUpdated(_logger, sid);
        return ToProfile(sender.RootElement);

        static void Add(JsonObject fields, string name, string? value)
        {
            if (value is not null)
            {
                fields[name] = value;
            }
        }
    }

    /// <summary>Reads a Sender resource (<c>messaging.v2.channels_sender</c>).</summary>
    internal static WhatsAppBusinessProfile ToProfile(JsonElement sender)
    {
        var p = TwilioJson.Object(sender, "profile") ?? default;
        return new WhatsAppBusinessProfile
        {
            DisplayName = TwilioJson.String(p, "name"),
            About = TwilioJson.String(p, "about"),
            Description = TwilioJson.String(p, "description"),
            Address = TwilioJson.String(p, "address"),
            Emails = TwilioJson.Array(p, "emails") is { } emails
                ? [.. emails.EnumerateArray().Select(static e => TwilioJson.String(e, "email")).Where(static e => !string.IsNullOrEmpty(e)).Select(static e => e!)]
                : null,
            Websites = TwilioJson.Array(p, "websites") is { } websites
                ? [.. websites.EnumerateArray().Select(static w => Uri.TryCreate(TwilioJson.String(w, "website"), UriKind.Absolute, out var u) ? u : null).OfType<Uri>()]
                : null,
            Vertical = TwilioJson.String(p, "vertical"),
            LogoUrl = Uri.TryCreate(TwilioJson.String(p, "logo_url"), UriKind.Absolute, out var logo) ? logo : null,
            SenderSid = TwilioJson.String(sender, "sid"),
            SenderId = TwilioJson.String(sender, "sender_id"),
            Status = TwilioJson.String(sender, "status"),
        };
    }

    private static string SenderPath(string sid) => "/v2/Channels/Senders/" + Uri.EscapeDataString(sid);

    private async ValueTask<string> SenderSidAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _senderSid) is { } known)
        {
            return known;
        }

        var from = _account.Options.From;
        if (string.IsNullOrWhiteSpace(from))
        {
            throw new MessagingException(
                MessagingErrorCode.NotConfigured,
                "The WhatsApp sender is unknown: set NutritionistMessaging:Twilio:SenderSid (XE…) or NutritionistMessaging:Twilio:From to manage the business profile.");
        }

        var request = new TwilioRequest(TwilioHttpMethod.Get, Domain.Messaging, "/v2/Channels/Senders", queryParams: [new("Channel", "whatsapp"), new("PageSize", "100")]);
        for (var pageNumber = 0; request is not null && pageNumber < MaxPages; pageNumber++)
        {
            var (records, next) = await _account.ReadPageAsync(request, "senders", static s => (Sid: TwilioJson.String(s, "sid"), SenderId: TwilioJson.String(s, "sender_id")), cancellationToken).ConfigureAwait(false);
            var match = records.FirstOrDefault(s => string.Equals(s.SenderId, from, StringComparison.OrdinalIgnoreCase));
            if (match.Sid is { Length: > 0 } sid)
            {
                Log.SenderResolved(_logger, sid, PhoneNumberMasking.Mask(WhatsAppAddress.StripPrefix(from)));
                Volatile.Write(ref _senderSid, sid);
                return sid;
            }

            request = next is null ? null : new TwilioRequest(TwilioHttpMethod.Get, next);
        }

        throw new MessagingException(
            MessagingErrorCode.NotConfigured,
            $"No WhatsApp sender of account {_account.AccountSid} has the address {WhatsAppAddress.Prefix}{PhoneNumberMasking.Mask(WhatsAppAddress.StripPrefix(from))}; set NutritionistMessaging:Twilio:SenderSid.");
    }
}
