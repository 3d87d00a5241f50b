using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nutritionist.Messaging.Meta.Internal;

namespace Nutritionist.Messaging.Meta;

/// <summary>
/// <see cref="IWhatsAppBusinessProfile"/> over <c>{BaseUrl}/{ApiVersion}/{Phone-Number-ID}/whatsapp_business_profile</c>:
/// <c>GET</c> with the profile's fields, <c>POST</c> with the members to change.
/// </summary>
/// <remarks>
/// <para>Meta's profile has one email and at most two web sites; its display name is changed in WhatsApp Manager (it is
/// reviewed), and its picture only through an upload handle. An update that sets <see cref="WhatsAppBusinessProfile.DisplayName"/>
/// or <see cref="WhatsAppBusinessProfile.LogoUrl"/>, more than one email or more than two web sites is refused with
/// <see cref="MessagingErrorCode.InvalidMessage"/> before any request. After the change the profile is read again and
/// returned. The sender fields (<see cref="WhatsAppBusinessProfile.SenderSid"/>, …) are Twilio's and stay empty.</para>
/// <para>Thread-safe singleton.</para>
/// </remarks>
internal sealed class MetaBusinessProfile(MetaGraph graph) : IWhatsAppBusinessProfile
{
    /// <summary>Meta keeps at most this many web sites.</summary>
    public const int MaxWebsites = 2;

    private const string Fields = "about,address,description,email,profile_picture_url,websites,vertical";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<WhatsAppBusinessProfile> GetAsync(CancellationToken cancellationToken = default)
    {
        using var document = await graph.SendAsync(HttpMethod.Get, ProfileUri("fields=" + Uri.EscapeDataString(Fields)), null, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            && data.GetArrayLength() > 0 && data[0].ValueKind == JsonValueKind.Object && data[0].TryGetProperty("business_profile", out var profile)
            && profile.ValueKind == JsonValueKind.Object)
        {
            return ToProfile(profile);
        }

        throw new MessagingException(MessagingErrorCode.Unknown, "Meta's answer to the business profile request has no data[0].business_profile.", "InvalidResponse");
    }

    public async Task<WhatsAppBusinessProfile> UpdateAsync(WhatsAppBusinessProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var body = UpdateBody(profile);
        using (var answer = await graph.SendAsync(HttpMethod.Post, ProfileUri(), body, cancellationToken).ConfigureAwait(false))
        {
            if (answer.RootElement.ValueKind != JsonValueKind.Object || !answer.RootElement.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.True)
            {
                throw new MessagingException(MessagingErrorCode.Unknown, "Meta answered the business profile update without success: true; the profile may or may not have changed.", "InvalidResponse");
            }
        }

        return await GetAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The update request body: <c>messaging_product</c> and the members that are set.</summary>
    /// <exception cref="MessagingException">The profile sets something Meta's API cannot change.</exception>
    internal static byte[] UpdateBody(WhatsAppBusinessProfile profile)
    {
        if (profile.DisplayName is not null)
        {
            throw Unsupported("DisplayName cannot be changed through Meta's business profile API; change the display name in WhatsApp Manager (Meta reviews it).");
        }

        if (profile.LogoUrl is not null)
        {
            throw Unsupported("LogoUrl cannot be set through Meta's business profile API, which takes a picture only as an upload handle (Resumable Upload API); change the picture in WhatsApp Manager.");
        }

        if (profile.Emails is { Count: > 1 })
        {
            throw Unsupported($"Emails has {profile.Emails.Count.ToString(CultureInfo.InvariantCulture)} addresses; a Meta business profile keeps one.");
        }

        if (profile.Websites is { Count: > MaxWebsites })
        {
            throw Unsupported($"Websites has {profile.Websites.Count.ToString(CultureInfo.InvariantCulture)} sites; a Meta business profile keeps at most {MaxWebsites.ToString(CultureInfo.InvariantCulture)}.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("messaging_product", "whatsapp");
            WriteIfSet(writer, "about", profile.About);
            WriteIfSet(writer, "address", profile.Address);
            WriteIfSet(writer, "description", profile.Description);
            if (profile.Emails is not null)
            {
                writer.WriteString("email", profile.Emails.Count == 0 ? string.Empty : profile.Emails[0]);
            }

            if (profile.Websites is not null)
            {
                writer.WriteStartArray("websites");
                foreach (var site in profile.Websites)
                {
                    writer.WriteStringValue(site.AbsoluteUri);
                }

                writer.WriteEndArray();
            }

            WriteIfSet(writer, "vertical", profile.Vertical);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    internal static WhatsAppBusinessProfile ToProfile(JsonElement profile)
    {
        var websites = new List<Uri>();
        if (profile.TryGetProperty("websites", out var sites) && sites.ValueKind == JsonValueKind.Array)
        {
            foreach (var site in sites.EnumerateArray())
            {
                if (site.ValueKind == JsonValueKind.String && Uri.TryCreate(site.GetString(), UriKind.Absolute, out var uri))
                {
                    websites.Add(uri);
                }
            }
        }

        return new WhatsAppBusinessProfile
        {
            About = MetaGraph.Str(profile, "about"),
            Address = MetaGraph.Str(profile, "address"),
            Description = MetaGraph.Str(profile, "description"),
            Emails = MetaGraph.Str(profile, "email") is { Length: > 0 } email ? [email] : [],
            Websites = websites,
            Vertical = MetaGraph.Str(profile, "vertical"),
            LogoUrl = Uri.TryCreate(MetaGraph.Str(profile, "profile_picture_url"), UriKind.Absolute, out var logo) ? logo : null,
        };
    }

    private Uri ProfileUri(string? query = null) => graph.Uri(graph.Options.PhoneNumberId ?? string.Empty, "whatsapp_business_profile", query);

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static MessagingException Unsupported(string reason) => new(MessagingErrorCode.InvalidMessage, reason, "Unsupported");
}
