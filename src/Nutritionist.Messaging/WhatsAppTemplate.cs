namespace Nutritionist.Messaging;

/// <summary>
/// A pre-approved WhatsApp template and the values for its parameters, in a form every WhatsApp provider can send: a name,
/// a language, and parameters per component (header, body, buttons). Twilio-only code may still name the template by its
/// Content SID with <see cref="WhatsAppTemplate(string, IReadOnlyDictionary{string, string}?)"/>.
/// </summary>
/// <remarks>
/// <para>Provider-neutral: <c>WhatsAppTemplate.Create("order_ready", "en_US").WithBody("Ada", "Tuesday")</c>. Meta's Cloud
/// API (and AWS End User Messaging Social) send it by name and language; Twilio resolves the name and language to a Content
/// SID (see <c>TwilioWhatsAppOptions.Templates</c>) and sends the body parameters as content variables.</para>
/// <para>Immutable and thread-safe: each <c>With…</c> method returns a new template.</para>
/// </remarks>
public sealed class WhatsAppTemplate
{
    private static readonly Dictionary<string, string> NoVariables = new(StringComparer.Ordinal);

    /// <summary>Creates a template reference by Twilio Content SID (or, for Cloud API providers, <c>name</c> or <c>name:language</c>).</summary>
    /// <param name="contentSid">
    /// The Content SID: <c>HX</c> followed by 32 hexadecimal characters. A Cloud API reference, <c>template_name</c> or
    /// <c>template_name:language_code</c>, is also taken and fills <see cref="Name"/> and <see cref="Language"/>.
    /// </param>
    /// <param name="variables">Values for the template's numbered or named variables (<c>{"1": "Ada"}</c>).</param>
    public WhatsAppTemplate(string contentSid, IReadOnlyDictionary<string, string>? variables = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentSid);
        ContentSid = contentSid;
        Variables = variables ?? NoVariables;
        var reference = contentSid.Trim();
        if (!IsValidContentSid(reference) && TryParseReference(reference, out var name, out var language))
        {
            Name = name;
            Language = language;
        }
    }

    private WhatsAppTemplate(string name, string language)
    {
        Name = name;
        Language = language;
        Variables = NoVariables;
    }

    private WhatsAppTemplate(WhatsAppTemplate other)
    {
        ContentSid = other.ContentSid;
        Name = other.Name;
        Language = other.Language;
        Variables = other.Variables;
        HeaderParameters = other.HeaderParameters;
        BodyParameters = other.BodyParameters;
        Buttons = other.Buttons;
        SmsFallbackText = other.SmsFallbackText;
    }

    /// <summary>
    /// The Content SID (<c>HX…</c>) or reference given to the constructor; <see langword="null"/> for a template made by
    /// <see cref="Create"/>, which Twilio resolves by <see cref="Name"/> and <see cref="Language"/>.
    /// </summary>
    public string? ContentSid { get; }

    /// <summary>The template's name (<c>order_ready</c>); <see langword="null"/> when the template is known only by Content SID.</summary>
    public string? Name { get; }

    /// <summary>
    /// The template's language (<c>en_US</c>, <c>pt_BR</c>); <see langword="null"/> when not given, for the provider's default
    /// (Cloud API providers: <c>DefaultTemplateLanguage</c>; Twilio: the only template of that name).
    /// </summary>
    public string? Language { get; }

    /// <summary>Values for the template's variables, keyed by variable name (<c>"1"</c>, <c>"2"</c>, …), as given to the constructor.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>The header's parameter: one text, or one image, video or document.</summary>
    public IReadOnlyList<WhatsAppTemplateParameter> HeaderParameters { get; private init; } = [];

    /// <summary>The body's parameters: all positional (<c>{{1}}</c>, <c>{{2}}</c>, … in order) or all named.</summary>
    public IReadOnlyList<WhatsAppTemplateParameter> BodyParameters { get; private init; } = [];

    /// <summary>The values of the template's dynamic buttons (quick-reply payloads, URL suffixes), by button index.</summary>
    public IReadOnlyList<WhatsAppTemplateButton> Buttons { get; private init; } = [];

    /// <summary>
    /// The text to send instead when the message falls back to SMS. Without it, a template message does not fall back.
    /// </summary>
    public string? SmsFallbackText { get; init; }

    /// <summary>Creates a provider-neutral template reference by name and language.</summary>
    /// <param name="name">The template's name as approved (<c>order_ready</c>).</param>
    /// <param name="language">Its language code (<c>en_US</c>, <c>pt_BR</c>, <c>en</c>).</param>
    /// <returns>The template, without parameters yet.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="language"/> is empty.</exception>
    public static WhatsAppTemplate Create(string name, string language)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        return new WhatsAppTemplate(name.Trim(), language.Trim());
    }

    /// <summary>Returns a copy whose header takes <paramref name="parameter"/> (text, image, video or document).</summary>
    /// <param name="parameter">The header parameter.</param>
    /// <returns>The new template.</returns>
    public WhatsAppTemplate WithHeader(WhatsAppTemplateParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return new WhatsAppTemplate(this) { HeaderParameters = [parameter] };
    }

    /// <summary>Returns a copy whose body takes these positional text parameters, <c>{{1}}</c>, <c>{{2}}</c>, … in order (replacing any before).</summary>
    /// <param name="values">The texts.</param>
    /// <returns>The new template.</returns>
    public WhatsAppTemplate WithBody(params IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return WithBody(values.Select(WhatsAppTemplateParameter.Positional));
    }

    /// <summary>Returns a copy whose body takes these parameters (replacing any before): all positional, or all named.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The new template.</returns>
    public WhatsAppTemplate WithBody(params IEnumerable<WhatsAppTemplateParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        List<WhatsAppTemplateParameter> list = [.. parameters];
        if (list.Contains(null!))
        {
            throw new ArgumentException("A body parameter is null.", nameof(parameters));
        }

        return new WhatsAppTemplate(this) { BodyParameters = list };
    }

    /// <summary>Returns a copy with the value of one more dynamic button.</summary>
    /// <param name="button">The button value (<see cref="WhatsAppTemplateButton.QuickReply"/> or <see cref="WhatsAppTemplateButton.Url"/>).</param>
    /// <returns>The new template.</returns>
    public WhatsAppTemplate WithButton(WhatsAppTemplateButton button)
    {
        ArgumentNullException.ThrowIfNull(button);
        return new WhatsAppTemplate(this) { Buttons = [.. Buttons, button] };
    }

    /// <summary>Returns a copy with <see cref="SmsFallbackText"/> set.</summary>
    /// <param name="text">The SMS text, or <see langword="null"/> for no fallback.</param>
    /// <returns>The new template.</returns>
    public WhatsAppTemplate WithSmsFallbackText(string? text) => new(this) { SmsFallbackText = text };

    /// <summary>Whether <paramref name="contentSid"/> has the shape of a Content SID: <c>HX</c> and 32 hexadecimal characters.</summary>
    /// <param name="contentSid">The value to check.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public static bool IsValidContentSid(string? contentSid)
    {
        if (contentSid is null || contentSid.Length != 34 || !contentSid.StartsWith("HX", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in contentSid.AsSpan(2))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the template names a Content SID (Twilio sends it as it is).</summary>
    internal bool HasContentSid => ContentSid is not null && IsValidContentSid(ContentSid.Trim());

    /// <summary>
    /// What is wrong with the template's shape whatever the provider, or <see langword="null"/>: no Content SID nor name,
    /// variables beside body parameters, media in the body, mixed positional and named parameters, a header of more than one
    /// parameter, media that is not https, two values for one button.
    /// </summary>
    internal string? Problem()
    {
        if (!HasContentSid && Name is null)
        {
            return $"Template.ContentSid '{ContentSid}' is not a Content SID (HX followed by 32 hexadecimal characters) nor a template name (lower-case letters, digits and underscores, as 'name' or 'name:language_code'); use WhatsAppTemplate.Create(name, language) for other names.";
        }

        if (Variables.Count > 0 && BodyParameters.Count > 0)
        {
            return "The template has both Variables and BodyParameters; give the body's values one way.";
        }

        if (HeaderParameters.Count > 1)
        {
            return $"The template header has {HeaderParameters.Count} parameters; a WhatsApp template header takes one (a text or a media item).";
        }

        if (HeaderParameters is [{ Kind: WhatsAppTemplateParameterKind.Currency or WhatsAppTemplateParameterKind.DateTime } header])
        {
            return $"A template header takes text or media, not {header.Kind}.";
        }

        foreach (var parameter in HeaderParameters)
        {
            if (parameter.MediaUrl is { } url && url.Scheme != Uri.UriSchemeHttps)
            {
                return $"The template header's media URL ('{url.OriginalString}') must be https.";
            }
        }

        if (BodyParameters.FirstOrDefault(static p => p.IsMedia) is { } media)
        {
            return $"A template body takes text, currency or date parameters, not {media.Kind}; media goes in the header (WithHeader).";
        }

        var named = BodyParameters.Count(static p => p.Name is not null);
        if (named > 0 && named < BodyParameters.Count)
        {
            return "The template body mixes positional and named parameters; a WhatsApp template uses one or the other.";
        }

        if (named > 0 && BodyParameters.Select(static p => p.Name).Distinct(StringComparer.Ordinal).Count() < named)
        {
            return "The template body names one parameter twice.";
        }

        if (Buttons.Select(static b => b.Index).Distinct().Count() < Buttons.Count)
        {
            return "The template gives two values for one button index.";
        }

        return null;
    }

    /// <summary>Whether <paramref name="value"/> is a WhatsApp template or parameter name: lower-case letters, digits and underscores.</summary>
    internal static bool IsTemplateName(string value) =>
        value.Length is > 0 and <= 512 && value.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789_") < 0;

    /// <summary>Whether <paramref name="value"/> is a WhatsApp language code (<c>en</c>, <c>en_US</c>).</summary>
    internal static bool IsLanguageCode(string value) =>
        value.Length is >= 2 and <= 8 && char.IsAsciiLetterLower(value[0]) && value.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_") < 0;

    /// <summary>Reads <c>name</c> or <c>name:language_code</c>.</summary>
    internal static bool TryParseReference(string reference, out string? name, out string? language)
    {
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        name = colon < 0 ? reference : reference[..colon];
        language = colon < 0 ? null : reference[(colon + 1)..];
        if (IsTemplateName(name) && (language is null || IsLanguageCode(language)))
        {
            return true;
        }

        name = language = null;
        return false;
    }
}
