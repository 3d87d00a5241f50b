using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutritionist.Messaging.PhoneNumbers;
using Nutritionist.Messaging.Twilio.Internal;
using Twilio.Rest;
using Twilio.Rest.Messaging.V2;
using TwilioHttpMethod = Twilio.Http.HttpMethod;
using TwilioRequest = Twilio.Http.Request;

namespace Nutritionist.Messaging.Twilio;

/// <summary>
/// <see cref="IWhatsAppBusinessProfile"/> over the Senders API (<c>https://messaging.twilio.com/v2/Channels/Senders/{Sid}</c>,
/// <see cref="ChannelsSenderResource"/>).
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
        var sender = await _account.InvokeAsync(client => ChannelsSenderResource.FetchAsync(new FetchChannelsSenderOptions(sid), client), cancellationToken).ConfigureAwait(false);
        return ToProfile(sender);
    }

    public async Task<WhatsAppBusinessProfile> UpdateAsync(WhatsAppBusinessProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var sid = await SenderSidAsync(cancellationToken).ConfigureAwait(false);

        var builder = new ChannelsSenderResource.MessagingV2ChannelsSenderProfile.Builder();
        if (profile.DisplayName is not null)
        {
            builder.WithName(profile.DisplayName);
        }

        if (profile.About is not null)
        {
            builder.WithAbout(profile.About);
        }

        if (profile.Description is not null)
        {
            builder.WithDescription(profile.Description);
        }

        if (profile.Address is not null)
        {
            builder.WithAddress(profile.Address);
        }

        if (profile.Vertical is not null)
        {
            builder.WithVertical(profile.Vertical);
        }

        if (profile.LogoUrl is not null)
        {
            builder.WithLogoUrl(profile.LogoUrl.AbsoluteUri);
        }

        // The request schema leaves these untyped; the response shape ({email,label} / {website,label}) is what Twilio reads.
        if (profile.Emails is not null)
        {
            builder.WithEmails(profile.Emails.Select(static e => new Dictionary<string, string> { ["email"] = e, ["label"] = "Email" }).ToList());
        }

        if (profile.Websites is not null)
        {
            builder.WithWebsites(profile.Websites.Select(static w => new Dictionary<string, string> { ["website"] = w.AbsoluteUri, ["label"] = "Website" }).ToList());
        }

        var options = new UpdateChannelsSenderOptions(sid)
        {
            MessagingV2ChannelsSenderRequestsUpdate = new ChannelsSenderResource.MessagingV2ChannelsSenderRequestsUpdate.Builder().WithProfile(builder.Build()).Build(),
        };
        var sender = await _account.InvokeAsync(client => ChannelsSenderResource.UpdateAsync(options, client), cancellationToken).ConfigureAwait(false);
        Log.ProfileUpdated(_logger, sid);
        return ToProfile(sender);
    }

    internal static WhatsAppBusinessProfile ToProfile(ChannelsSenderResource sender)
    {
        var p = sender.Profile;
        return new WhatsAppBusinessProfile
        {
            DisplayName = p?.Name,
            About = p?.About,
            Description = p?.Description,
            Address = p?.Address,
            Emails = p?.Emails?.Select(static e => e.Email).Where(static e => !string.IsNullOrEmpty(e)).ToList(),
            Websites = p?.Websites?.Select(static w => Uri.TryCreate(w.Website, UriKind.Absolute, out var u) ? u : null).OfType<Uri>().ToList(),
            Vertical = p?.Vertical,
            LogoUrl = Uri.TryCreate(p?.LogoUrl, UriKind.Absolute, out var logo) ? logo : null,
            SenderSid = sender.Sid,
            SenderId = sender.SenderId,
            Status = sender.Status?.ToString(),
        };
    }

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
            var (records, next) = await _account.ReadPageAsync(request, "senders", ChannelsSenderResource.FromJson, cancellationToken).ConfigureAwait(false);
            var match = records.FirstOrDefault(s => string.Equals(s.SenderId, from, StringComparison.OrdinalIgnoreCase));
            if (match?.Sid is { Length: > 0 } sid)
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
