using System.Globalization;

namespace Nutritionist.Messaging;

/// <summary>The value of one button of an approved template: a quick-reply payload or a URL suffix.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class WhatsAppTemplateButton
{
    /// <summary>The highest button index a template has (buttons are numbered from 0).</summary>
    public const int MaxIndex = 9;

    private WhatsAppTemplateButton(WhatsAppTemplateButtonKind kind, int index, string value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, MaxIndex);
        ArgumentException.ThrowIfNullOrEmpty(value);
        Kind = kind;
        Index = index;
        Value = value;
    }

    /// <summary>Whether this is a quick-reply payload or a URL suffix.</summary>
    public WhatsAppTemplateButtonKind Kind { get; }

    /// <summary>The button's position in the template, from 0.</summary>
    public int Index { get; }

    /// <summary>The quick-reply payload, or the URL suffix.</summary>
    public string Value { get; }

    /// <summary>The payload of the quick-reply button at <paramref name="index"/>; it comes back in the reply when tapped.</summary>
    /// <param name="index">The button's position in the template, 0 to <see cref="MaxIndex"/>.</param>
    /// <param name="payload">The payload.</param>
    /// <returns>The button value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside 0–9.</exception>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is empty.</exception>
    public static WhatsAppTemplateButton QuickReply(int index, string payload) => new(WhatsAppTemplateButtonKind.QuickReply, index, payload);

    /// <summary>The suffix of the dynamic URL button at <paramref name="index"/> (appended to the URL the template defines).</summary>
    /// <param name="index">The button's position in the template, 0 to <see cref="MaxIndex"/>.</param>
    /// <param name="urlSuffix">The suffix, for example <c>orders/1234</c>.</param>
    /// <returns>The button value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside 0–9.</exception>
    /// <exception cref="ArgumentException"><paramref name="urlSuffix"/> is empty.</exception>
    public static WhatsAppTemplateButton Url(int index, string urlSuffix) => new(WhatsAppTemplateButtonKind.Url, index, urlSuffix);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind} button {Index}");
}
