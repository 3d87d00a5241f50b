namespace Nutritionist.Messaging;

/// <summary>
/// One parameter of a template component: text (positional or named), currency or date for the body or a text header, an
/// image, video or document by link for a media header.
/// </summary>
/// <remarks>Immutable and thread-safe. Made by the static factories.</remarks>
public sealed class WhatsAppTemplateParameter
{
    private WhatsAppTemplateParameter(WhatsAppTemplateParameterKind kind, string? text = null, string? name = null, Uri? mediaUrl = null)
    {
        Kind = kind;
        Text = text;
        Name = name;
        MediaUrl = mediaUrl;
    }

    /// <summary>What the parameter holds.</summary>
    public WhatsAppTemplateParameterKind Kind { get; }

    /// <summary>The parameter's name in a template with named parameters (<c>first_name</c>); <see langword="null"/> when positional.</summary>
    public string? Name { get; }

    /// <summary>The text; for <see cref="WhatsAppTemplateParameterKind.Currency"/> and <see cref="WhatsAppTemplateParameterKind.DateTime"/> the fallback text.</summary>
    public string? Text { get; }

    /// <summary>The media link of an image, video or document parameter.</summary>
    public Uri? MediaUrl { get; }

    /// <summary>The file name shown for a document parameter, when given.</summary>
    public string? FileName { get; private init; }

    /// <summary>The ISO 4217 code of a currency parameter (<c>USD</c>).</summary>
    public string? CurrencyCode { get; private init; }

    /// <summary>The amount of a currency parameter, in the currency's units (<c>12.50</c>).</summary>
    public decimal? Amount { get; private init; }

    /// <summary>A positional text parameter (<c>{{1}}</c>, <c>{{2}}</c>, … in the order given).</summary>
    /// <param name="value">The text.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static WhatsAppTemplateParameter Positional(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(WhatsAppTemplateParameterKind.Text, value);
    }

    /// <summary>A named text parameter (<c>{{first_name}}</c>).</summary>
    /// <param name="name">The parameter's name: lower-case letters, digits and underscores.</param>
    /// <param name="value">The text.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a parameter name.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static WhatsAppTemplateParameter Named(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        return new(WhatsAppTemplateParameterKind.Text, value, CheckName(name));
    }

    /// <summary>An amount of money, shown in the reader's locale where the provider can, else as <paramref name="fallbackText"/>.</summary>
    /// <param name="amount">The amount in the currency's units (<c>12.50</c>); at most three decimals.</param>
    /// <param name="currencyCode">The ISO 4217 code (<c>USD</c>).</param>
    /// <param name="fallbackText">The text shown when the amount cannot be formatted (<c>$12.50</c>).</param>
    /// <param name="name">The parameter's name in a template with named parameters; <see langword="null"/> when positional.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentException">The code is not three letters, the text is empty, the amount has more than three decimals, or the name is not a parameter name.</exception>
    public static WhatsAppTemplateParameter Currency(decimal amount, string currencyCode, string fallbackText, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(currencyCode);
        ArgumentException.ThrowIfNullOrEmpty(fallbackText);
        if (currencyCode.Length != 3 || !currencyCode.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"'{currencyCode}' is not an ISO 4217 currency code (three upper-case letters).", nameof(currencyCode));
        }

        if (decimal.Round(amount * 1000m) != amount * 1000m || Math.Abs(amount * 1000m) > int.MaxValue)
        {
            throw new ArgumentException("The amount must have at most three decimals and be below 2,147,483 units.", nameof(amount));
        }

        return new(WhatsAppTemplateParameterKind.Currency, fallbackText, CheckName(name)) { CurrencyCode = currencyCode, Amount = amount };
    }

    /// <summary>A date and time, given as the text to show (the Cloud API always shows this fallback text).</summary>
    /// <param name="fallbackText">The text, for example <c>Tuesday 4 March, 7 pm</c>.</param>
    /// <param name="name">The parameter's name in a template with named parameters; <see langword="null"/> when positional.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentException"><paramref name="fallbackText"/> is empty, or the name is not a parameter name.</exception>
    public static WhatsAppTemplateParameter DateTime(string fallbackText, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fallbackText);
        return new(WhatsAppTemplateParameterKind.DateTime, fallbackText, CheckName(name));
    }

    /// <summary>A header image by link (JPEG or PNG).</summary>
    /// <param name="url">An absolute https URL.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not absolute.</exception>
    public static WhatsAppTemplateParameter Image(Uri url) => new(WhatsAppTemplateParameterKind.Image, mediaUrl: Absolute(url));

    /// <summary>A header video by link (MP4 or 3GPP).</summary>
    /// <param name="url">An absolute https URL.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not absolute.</exception>
    public static WhatsAppTemplateParameter Video(Uri url) => new(WhatsAppTemplateParameterKind.Video, mediaUrl: Absolute(url));

    /// <summary>A header document by link (PDF).</summary>
    /// <param name="url">An absolute https URL.</param>
    /// <param name="fileName">The file name to show; <see langword="null"/> to let the provider choose.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not absolute.</exception>
    public static WhatsAppTemplateParameter Document(Uri url, string? fileName = null) =>
        new(WhatsAppTemplateParameterKind.Document, mediaUrl: Absolute(url)) { FileName = string.IsNullOrWhiteSpace(fileName) ? null : fileName };

    /// <summary>Whether the parameter is media (image, video or document).</summary>
    internal bool IsMedia => Kind is WhatsAppTemplateParameterKind.Image or WhatsAppTemplateParameterKind.Video or WhatsAppTemplateParameterKind.Document;

    private static string? CheckName(string? name, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(name))] string? parameterName = null)
    {
        if (name is not null && !WhatsAppTemplate.IsTemplateName(name))
        {
            throw new ArgumentException($"'{name}' is not a template parameter name (lower-case letters, digits and underscores).", parameterName);
        }

        return name;
    }

    private static Uri Absolute(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"The media URL '{url.OriginalString}' is not absolute.", nameof(url));
        }

        return url;
    }
}
