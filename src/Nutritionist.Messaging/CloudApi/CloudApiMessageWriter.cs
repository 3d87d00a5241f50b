using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.CloudApi;

/// <summary>
/// Writes a <see cref="WhatsAppMessage"/> as the JSON message object of Meta's WhatsApp Cloud API (the body of
/// <c>POST /{version}/{phone-number-id}/messages</c>). Every provider that speaks the Cloud API message format writes its
/// messages here: Meta's own API, and AWS End User Messaging Social, which carries the same object base64-encoded.
/// </summary>
/// <remarks>
/// <para>What is written: text (<c>preview_url</c> from <see cref="WhatsAppMessage.PreviewUrl"/>, else
/// <see cref="CloudApiMessageOptions.PreviewUrlByDefault"/>); one image, video, audio or document by link, with the body
/// as caption and, for a document, the URL's last segment as file name; or one media item uploaded beforehand by its
/// <c>id</c> (<see cref="WhatsAppMessage.MediaId"/>, its kind from <see cref="WhatsAppMessage.MediaKind"/>); <c>context.message_id</c> from
/// <see cref="WhatsAppMessage.ReplyToMessageId"/>; a template by name and language with its parameters;
/// <see cref="WhatsAppMessage.Interactive"/> reply buttons (<c>interactive.type</c> <c>button</c>) or a list (<c>list</c>),
/// with a text header and footer when set, checked against WhatsApp's limits first.
/// <c>recipient_type</c> is left out (it defaults to <c>individual</c>).</para>
/// <para>Templates go by <see cref="WhatsAppTemplate.Name"/> and <see cref="WhatsAppTemplate.Language"/> (a Twilio Content
/// SID is refused: the Cloud API knows templates by name), with a <c>header</c> component (text, or image, video or
/// document by link), a <c>body</c> component (text, named text with <c>parameter_name</c>, <c>currency</c>,
/// <c>date_time</c>) and one <c>button</c> component per button value (<c>quick_reply</c> payload or <c>url</c> suffix, by
/// index). Legacy <see cref="WhatsAppTemplate.Variables"/> keyed <c>1</c>…<c>n</c> become positional body parameters in
/// that order; variables keyed by name become named parameters.</para>
/// <para>Whatever the Cloud API would refuse is refused here first, with a <see cref="MessagingException"/> whose
/// <see cref="MessagingException.Code"/> is <see cref="MessagingErrorCode.InvalidMessage"/> (or
/// <see cref="MessagingErrorCode.InvalidRecipient"/>) and whose message names the reason: media URLs that are not absolute
/// https, more than one media item, a media kind that cannot be told, an audio caption, text over 4096 characters or a
/// caption over 1024, a template beside a body or media, malformed template names, mixed or gapped variable keys.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
internal static class CloudApiMessageWriter
{
    /// <summary>The longest text body the Cloud API takes.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>The longest media caption the Cloud API takes.</summary>
    public const int MaxCaptionLength = 1024;

    private static readonly CloudApiMessageOptions Defaults = new();

    // The relaxed encoder writes "+" and non-ASCII text as they are rather than as \uXXXX escapes: a JSON API body, never HTML.
    private static readonly CloudApiJsonContext Json = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Writes the message object as UTF-8 JSON.</summary>
    /// <param name="message">The message, with its recipient in E.164.</param>
    /// <param name="options">Defaults for what the message leaves open; <see langword="null"/> for the documented defaults.</param>
    /// <returns>The request body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="MessagingException">The message cannot be sent through the Cloud API; the message says why.</exception>
    public static byte[] Write(WhatsAppMessage message, CloudApiMessageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        options ??= Defaults;
        var to = message.To;
        if (!IsE164(to))
        {
            throw Invalid(MessagingErrorCode.InvalidRecipient, "The recipient is not an E.164 number (+ and up to 15 digits).");
        }

        var context = string.IsNullOrWhiteSpace(message.ReplyToMessageId) ? null : new CloudApiContext(message.ReplyToMessageId);
        var media = message.MediaUrls ?? [];
        CloudApiMessage body;
        if (message.Interactive is { } interactive)
        {
            if (!string.IsNullOrEmpty(message.Body) || media.Count > 0 || message.MediaId is not null || message.Template is not null)
            {
                throw Invalid(MessagingErrorCode.InvalidMessage, "An interactive message carries its text in Interactive.Body; the Cloud API takes no Body, media or template beside it.");
            }

            body = new CloudApiMessage { To = to, Type = "interactive", Context = context, Interactive = InteractiveOf(interactive) };
        }
        else if (message.Template is { } template)
        {
            if (!string.IsNullOrEmpty(message.Body) || media.Count > 0 || message.MediaId is not null)
            {
                throw Invalid(MessagingErrorCode.InvalidMessage, "A template message carries its text in the approved template; the Cloud API takes no Body or media beside it.");
            }

            body = new CloudApiMessage { To = to, Type = "template", Context = context, Template = TemplateOf(template, options) };
        }
        else if (message.MediaId is not null)
        {
            body = UploadedMediaMessage(message, media, to, context);
        }
        else if (media.Count > 0)
        {
            body = MediaMessage(message, media, to, context);
        }
        else if (!string.IsNullOrEmpty(message.Body))
        {
            if (message.Body.Length > MaxTextLength)
            {
                throw Invalid(MessagingErrorCode.InvalidMessage, $"The body has {message.Body.Length.ToString(CultureInfo.InvariantCulture)} characters; the Cloud API takes at most {MaxTextLength.ToString(CultureInfo.InvariantCulture)}.");
            }

            var preview = message.PreviewUrl ?? options.PreviewUrlByDefault;
            body = new CloudApiMessage { To = to, Type = "text", Context = context, Text = new CloudApiText(message.Body, preview ? true : null) };
        }
        else
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, "The message has no Body, media or template.");
        }

        return JsonSerializer.SerializeToUtf8Bytes(body, Json.CloudApiMessage);
    }

    /// <summary>Tells the kind of media from a URL's file extension (case-insensitive; the query is ignored).</summary>
    /// <param name="url">The media URL.</param>
    /// <returns>The kind, or <see langword="null"/> when the extension is missing or not one WhatsApp takes.</returns>
    /// <remarks>
    /// jpg, jpeg, png → image; mp4, 3gp → video; aac, amr, mp3, m4a, ogg, opus → audio; pdf, txt, csv, doc(x), xls(x),
    /// ppt(x) → document.
    /// </remarks>
    public static WhatsAppMediaKind? InferMediaKind(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = url.IsAbsoluteUri ? url.AbsolutePath : url.OriginalString;
        var extension = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        return extension switch
        {
            "jpg" or "jpeg" or "png" => WhatsAppMediaKind.Image,
            "mp4" or "3gp" or "3gpp" => WhatsAppMediaKind.Video,
            "aac" or "amr" or "mp3" or "m4a" or "ogg" or "opus" => WhatsAppMediaKind.Audio,
            "pdf" or "txt" or "csv" or "doc" or "docx" or "xls" or "xlsx" or "ppt" or "pptx" => WhatsAppMediaKind.Document,
            _ => null,
        };
    }

    private static CloudApiMessage UploadedMediaMessage(WhatsAppMessage message, IReadOnlyList<Uri> media, string to, CloudApiContext? context)
    {
        var id = message.MediaId!.Trim();
        if (id.Length == 0)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, "MediaId is empty; set the id of uploaded media, or leave it null.");
        }

        if (media.Count > 0)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, "The message carries media by MediaId and by MediaUrls; a WhatsApp message carries one media item.");
        }

        var kind = message.MediaKind
            ?? throw Invalid(MessagingErrorCode.InvalidMessage, "The kind of media behind MediaId cannot be told from an id; set WhatsAppMessage.MediaKind.");
        var caption = CaptionOf(message, kind);
        var item = new CloudApiMedia(null, kind == WhatsAppMediaKind.Audio ? null : caption, null) { Id = id };
        return WithMedia(to, context, kind, item);
    }

    private static CloudApiMessage WithMedia(string to, CloudApiContext? context, WhatsAppMediaKind kind, CloudApiMedia item) => kind switch
    {
        WhatsAppMediaKind.Image => new CloudApiMessage { To = to, Type = "image", Context = context, Image = item },
        WhatsAppMediaKind.Video => new CloudApiMessage { To = to, Type = "video", Context = context, Video = item },
        WhatsAppMediaKind.Audio => new CloudApiMessage { To = to, Type = "audio", Context = context, Audio = item },
        WhatsAppMediaKind.Document => new CloudApiMessage { To = to, Type = "document", Context = context, Document = item },
        _ => throw Invalid(MessagingErrorCode.InvalidMessage, $"MediaKind {kind} is not a kind of media the Cloud API sends."),
    };

    private static string? CaptionOf(WhatsAppMessage message, WhatsAppMediaKind kind)
    {
        var caption = string.IsNullOrEmpty(message.Body) ? null : message.Body;
        if (caption is not null && kind == WhatsAppMediaKind.Audio)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, "WhatsApp shows no caption under audio; send the Body as its own text message.");
        }

        if (caption is not null && caption.Length > MaxCaptionLength)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, $"The caption (Body) has {caption.Length.ToString(CultureInfo.InvariantCulture)} characters; the Cloud API takes at most {MaxCaptionLength.ToString(CultureInfo.InvariantCulture)} beside media.");
        }

        return caption;
    }

    private static CloudApiInteractive InteractiveOf(WhatsAppInteractive interactive)
    {
        if (interactive.Problem() is { } problem)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, problem);
        }

        var header = interactive.Header is { } text ? new CloudApiInteractiveHeader("text", text) : null;
        var footer = interactive.Footer is { } note ? new CloudApiInteractiveText(note) : null;
        var content = new CloudApiInteractiveText(interactive.Body);
        return interactive switch
        {
            WhatsAppReplyButtons buttons => new CloudApiInteractive("button", header, content, footer, new CloudApiInteractiveAction(
                null, null, [.. buttons.Buttons.Select(static b => new CloudApiButton("reply", new CloudApiReply(b.Id, b.Title)))])),
            WhatsAppList list => new CloudApiInteractive("list", header, content, footer, new CloudApiInteractiveAction(
                list.ButtonText,
                [.. list.Sections.Select(static s => new CloudApiSection(s.Title, [.. s.Rows.Select(static r => new CloudApiRow(r.Id, r.Title, r.Description))]))],
                null)),
            _ => throw Invalid(MessagingErrorCode.InvalidMessage, $"{interactive.GetType().Name} is not an interactive message the Cloud API writer knows."),
        };
    }

    private static CloudApiMessage MediaMessage(WhatsAppMessage message, IReadOnlyList<Uri> media, string to, CloudApiContext? context)
    {
        if (media.Count > 1)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, $"The message has {media.Count.ToString(CultureInfo.InvariantCulture)} media URLs; a WhatsApp message carries one media item. Send each further item as its own message.");
        }

        var url = media[0];
        if (url is null || !url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, $"MediaUrls[0] ('{url?.OriginalString}') must be an absolute https URL.");
        }

        var kind = message.MediaKind ?? InferMediaKind(url)
            ?? throw Invalid(MessagingErrorCode.InvalidMessage, $"The kind of media at '{url.AbsolutePath}' cannot be told from its extension; set WhatsAppMessage.MediaKind.");
        var caption = CaptionOf(message, kind);
        var link = url.AbsoluteUri;
        return kind switch
        {
            WhatsAppMediaKind.Image => new CloudApiMessage { To = to, Type = "image", Context = context, Image = new CloudApiMedia(link, caption, null) },
            WhatsAppMediaKind.Video => new CloudApiMessage { To = to, Type = "video", Context = context, Video = new CloudApiMedia(link, caption, null) },
            WhatsAppMediaKind.Audio => new CloudApiMessage { To = to, Type = "audio", Context = context, Audio = new CloudApiMedia(link, null, null) },
            WhatsAppMediaKind.Document => new CloudApiMessage { To = to, Type = "document", Context = context, Document = new CloudApiMedia(link, caption, FileNameOf(url)) },
            _ => throw Invalid(MessagingErrorCode.InvalidMessage, $"MediaKind {kind} is not a kind of media the Cloud API sends by link."),
        };
    }

    private static CloudApiTemplate TemplateOf(WhatsAppTemplate template, CloudApiMessageOptions options)
    {
        if (template.HasContentSid)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, $"Template '{template.ContentSid}' is a Twilio Content SID; the Cloud API sends templates by name and language. Use WhatsAppTemplate.Create(\"template_name\", \"language_code\") (for example Create(\"order_ready\", \"en_US\")).");
        }

        if (template.Problem() is { } problem)
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, problem);
        }

        var name = template.Name!;
        var language = template.Language ?? options.DefaultTemplateLanguage;
        if (!WhatsAppTemplate.IsTemplateName(name))
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, $"Template name '{name}' is not a WhatsApp template name (lower-case letters, digits and underscores).");
        }

        if (!WhatsAppTemplate.IsLanguageCode(language))
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, $"Template language '{language}' is not a WhatsApp language code (such as 'en' or 'en_US').");
        }

        List<CloudApiComponent> components = [];
        if (template.HeaderParameters.Count > 0)
        {
            components.Add(new CloudApiComponent { Type = "header", Parameters = [.. template.HeaderParameters.Select(ParameterOf)] });
        }

        var body = template.Variables.Count > 0 ? BodyParameters(template.Variables) : [.. template.BodyParameters.Select(ParameterOf)];
        if (body.Count > 0)
        {
            components.Add(new CloudApiComponent { Type = "body", Parameters = body });
        }

        foreach (var button in template.Buttons.OrderBy(static b => b.Index))
        {
            var quickReply = button.Kind == WhatsAppTemplateButtonKind.QuickReply;
            components.Add(new CloudApiComponent
            {
                Type = "button",
                SubType = quickReply ? "quick_reply" : "url",
                Index = button.Index.ToString(CultureInfo.InvariantCulture),
                Parameters = [quickReply ? new CloudApiParameter { Type = "payload", Payload = button.Value } : new CloudApiParameter { Type = "text", Text = button.Value }],
            });
        }

        return new CloudApiTemplate(name, new CloudApiLanguage(language), components.Count == 0 ? null : components);
    }

    private static CloudApiParameter ParameterOf(WhatsAppTemplateParameter parameter) => parameter.Kind switch
    {
        WhatsAppTemplateParameterKind.Text => new CloudApiParameter { Type = "text", Text = parameter.Text, ParameterName = parameter.Name },
        WhatsAppTemplateParameterKind.Currency => new CloudApiParameter
        {
            Type = "currency",
            ParameterName = parameter.Name,
            Currency = new CloudApiCurrency(parameter.Text!, parameter.CurrencyCode!, (int)(parameter.Amount!.Value * 1000m)),
        },
        WhatsAppTemplateParameterKind.DateTime => new CloudApiParameter { Type = "date_time", ParameterName = parameter.Name, DateTime = new CloudApiDateTime(parameter.Text!) },
        WhatsAppTemplateParameterKind.Image => new CloudApiParameter { Type = "image", Image = new CloudApiMedia(parameter.MediaUrl!.AbsoluteUri, null, null) },
        WhatsAppTemplateParameterKind.Video => new CloudApiParameter { Type = "video", Video = new CloudApiMedia(parameter.MediaUrl!.AbsoluteUri, null, null) },
        WhatsAppTemplateParameterKind.Document => new CloudApiParameter { Type = "document", Document = new CloudApiMedia(parameter.MediaUrl!.AbsoluteUri, null, parameter.FileName) },
        _ => throw Invalid(MessagingErrorCode.InvalidMessage, $"Template parameter kind {parameter.Kind} is not one the Cloud API takes."),
    };

    private static List<CloudApiParameter> BodyParameters(IReadOnlyDictionary<string, string> variables)
    {
        var numbered = variables.Keys.Count(static k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        var parameters = new List<CloudApiParameter>(variables.Count);
        if (numbered == variables.Count)
        {
            for (var i = 1; i <= variables.Count; i++)
            {
                if (!variables.TryGetValue(i.ToString(CultureInfo.InvariantCulture), out var value))
                {
                    throw Invalid(MessagingErrorCode.InvalidMessage, $"Template variables are numbered but '{i.ToString(CultureInfo.InvariantCulture)}' is missing; positional parameters run 1, 2, 3… without gaps.");
                }

                parameters.Add(new CloudApiParameter { Type = "text", Text = value ?? string.Empty });
            }
        }
        else if (numbered == 0)
        {
            foreach (var (key, value) in variables.OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                if (!WhatsAppTemplate.IsTemplateName(key))
                {
                    throw Invalid(MessagingErrorCode.InvalidMessage, $"Template variable '{key}' is not a named parameter (lower-case letters, digits and underscores).");
                }

                parameters.Add(new CloudApiParameter { Type = "text", Text = value ?? string.Empty, ParameterName = key });
            }
        }
        else
        {
            throw Invalid(MessagingErrorCode.InvalidMessage, "Template variables mix numbered and named keys; a WhatsApp template uses one or the other.");
        }

        return parameters;
    }

    private static string? FileNameOf(Uri url)
    {
        var name = Uri.UnescapeDataString(url.Segments[^1]).Trim('/');
        return name.Length == 0 ? null : name;
    }

    private static bool IsE164(string value) =>
        value.Length is >= 3 and <= 16 && value[0] == '+' && value[1] != '0' && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    private static MessagingException Invalid(MessagingErrorCode code, string reason) => new(code, reason);
}
