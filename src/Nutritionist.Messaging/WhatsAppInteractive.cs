using System.Globalization;

namespace Nutritionist.Messaging;

/// <summary>
/// An interactive WhatsApp message: a text <see cref="Body"/> with an optional text <see cref="Header"/> and
/// <see cref="Footer"/>, and either up to three reply buttons (<see cref="WhatsAppReplyButtons"/>) or a menu of rows
/// (<see cref="WhatsAppList"/>). The person's choice comes back as an inbound message whose
/// <c>ButtonPayload</c> is the chosen button's or row's id and whose <c>ButtonText</c> is its title.
/// </summary>
/// <remarks>
/// <para>Set it as <see cref="OutboundMessage.Interactive"/>, with no <see cref="OutboundMessage.Body"/>, media or
/// template beside it. The limits are WhatsApp's (Meta's Cloud API); the router refuses a message over any of them with
/// <see cref="MessagingErrorCode.InvalidMessage"/> and a message naming the part, before any provider is called.</para>
/// <para>Providers that speak the Cloud API message format (Meta, AWS End User Messaging Social) send it as an
/// <c>interactive</c> message. Twilio sends interactive content only as Content API templates, so its provider refuses
/// these with <see cref="MessagingErrorCode.InvalidMessage"/>; create a <c>twilio/quick-reply</c> or
/// <c>twilio/list-picker</c> template and send it as <see cref="OutboundMessage.Template"/> instead.</para>
/// <para>Immutable once built; safe to share between threads.</para>
/// </remarks>
public abstract class WhatsAppInteractive
{
    /// <summary>The longest <see cref="Body"/> WhatsApp takes.</summary>
    public const int MaxBodyLength = 1024;

    /// <summary>The longest text <see cref="Header"/> WhatsApp takes.</summary>
    public const int MaxHeaderLength = 60;

    /// <summary>The longest <see cref="Footer"/> WhatsApp takes.</summary>
    public const int MaxFooterLength = 60;

    /// <summary>Creates the common part.</summary>
    /// <param name="body">The message text (up to <see cref="MaxBodyLength"/> characters; WhatsApp markup allowed).</param>
    private protected WhatsAppInteractive(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Body = body;
    }

    /// <summary>The message text, shown above the buttons or the list button. Required, up to <see cref="MaxBodyLength"/> characters.</summary>
    public string Body { get; }

    /// <summary>An optional text header, up to <see cref="MaxHeaderLength"/> characters (no markup).</summary>
    public string? Header { get; init; }

    /// <summary>An optional footer, up to <see cref="MaxFooterLength"/> characters.</summary>
    public string? Footer { get; init; }

    /// <summary>
    /// The text to send instead when the message falls back to SMS (see <c>ChannelFallback.WhatsAppToSms</c>). Without it,
    /// an interactive message does not fall back.
    /// </summary>
    public string? SmsFallbackText { get; init; }

    /// <summary>What makes the message unsendable, naming the part and the limit; <see langword="null"/> when it is sendable.</summary>
    internal string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Body))
        {
            return "Interactive.Body is empty; an interactive message needs a text body.";
        }

        return TooLong("Interactive.Body", Body, MaxBodyLength)
            ?? (Header is not null && string.IsNullOrWhiteSpace(Header) ? "Interactive.Header is empty; leave it null for no header." : null)
            ?? TooLong("Interactive.Header", Header, MaxHeaderLength)
            ?? (Footer is not null && string.IsNullOrWhiteSpace(Footer) ? "Interactive.Footer is empty; leave it null for no footer." : null)
            ?? TooLong("Interactive.Footer", Footer, MaxFooterLength)
            ?? ActionProblem();
    }

    /// <summary>What makes the buttons or the list unsendable, or <see langword="null"/>.</summary>
    private protected abstract string? ActionProblem();

    /// <summary>A problem when <paramref name="value"/> is missing or blank.</summary>
    private protected static string? Required(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? $"{name} is empty." : null;

    /// <summary>A problem when <paramref name="value"/> is longer than <paramref name="max"/>.</summary>
    private protected static string? TooLong(string name, string? value, int max) =>
        value is not null && value.Length > max
            ? $"{name} has {value.Length.ToString(CultureInfo.InvariantCulture)} characters; WhatsApp takes at most {max.ToString(CultureInfo.InvariantCulture)}."
            : null;

    /// <summary>A problem when <paramref name="value"/> has spaces at either end (WhatsApp refuses ids with them).</summary>
    private protected static string? Padded(string name, string value) =>
        value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) ? $"{name} '{value}' starts or ends with white space; WhatsApp refuses such ids." : null;
}
