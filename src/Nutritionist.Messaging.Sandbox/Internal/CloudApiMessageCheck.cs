using System.Globalization;
using System.Text.Json;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// Checks a WhatsApp Cloud API message object (the body Meta's <c>/messages</c> takes, and the <c>message</c> blob of AWS's
/// <c>SendWhatsAppMessage</c>) the way the Cloud API does, for the shapes the library writes: text, image, video, audio,
/// document, template and interactive reply buttons and lists; the other types Meta knows are accepted with their object
/// present. Problems carry Meta's codes: 100 (invalid parameter, unknown type or member), 131008 (required parameter
/// missing), 131009 (parameter value not valid).
/// </summary>
/// <remarks>
/// Limits from Meta's Message schema (<c>business-messaging-api_v23.0.yaml</c>) and its documentation: text 4096, caption
/// 1024, interactive body 1024, header and footer 60, 1–3 reply buttons (id 256, title 20, unique), list button 20, 1–10
/// sections (title 24, required when more than one), 10 rows in all (id 200 unique, title 24, description 72).
/// </remarks>
internal static class CloudApiMessageCheck
{
    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "audio", "contacts", "document", "image", "interactive", "location", "reaction", "sticker", "template", "text", "video",
    };

    private static readonly HashSet<string> CommonMembers = new(StringComparer.Ordinal)
    {
        "messaging_product", "recipient_type", "to", "type", "context", "biz_opaque_callback_data",
    };

    /// <summary>A refusal: Meta's code, its message, and the details Meta puts in <c>error_data.details</c>.</summary>
    public sealed record Problem(int Code, string Message, string Details);

    /// <summary>What the sandbox keeps of an accepted message.</summary>
    public sealed record Accepted(string To, string Type, string? Text, IReadOnlyList<string> MediaUrls);

    /// <summary>Checks <paramref name="json"/>; exactly one of the results is set.</summary>
    public static (Accepted? Message, Problem? Problem) Check(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            return (null, Invalid("The request body is not JSON."));
        }

        using (document)
        {
            try
            {
                return (Read(document.RootElement), null);
            }
            catch (CheckFailed failed)
            {
                return (null, failed.Problem);
            }
        }
    }

    private static Accepted Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fail(Invalid("The message is not a JSON object."));
        }

        var product = Str(root, "messaging_product") ?? throw Fail(Missing("messaging_product"));
        if (product != "whatsapp")
        {
            throw Fail(Invalid($"Param messaging_product must be 'whatsapp', got '{product}'."));
        }

        var to = Str(root, "to") ?? throw Fail(Missing("to"));
        var digits = to.StartsWith('+') ? to[1..] : to;
        if (digits.Length is 0 or > 15 || digits[0] == '0' || digits.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            throw Fail(NotValid($"Param to '{to}' is not a phone number (digits, optionally with a leading +)."));
        }

        if (Str(root, "recipient_type") is { } recipientType && recipientType != "individual")
        {
            throw Fail(Invalid($"Param recipient_type must be 'individual', got '{recipientType}'."));
        }

        var type = root.TryGetProperty("type", out var t) ? (t.ValueKind == JsonValueKind.String ? t.GetString()! : throw Fail(Invalid("Param type must be a string."))) : "text";
        if (!KnownTypes.Contains(type))
        {
            throw Fail(Invalid($"Param type must be one of {{AUDIO, CONTACTS, DOCUMENT, IMAGE, INTERACTIVE, LOCATION, REACTION, STICKER, TEMPLATE, TEXT, VIDEO}} - got \"{type}\"."));
        }

        foreach (var member in root.EnumerateObject())
        {
            if (!CommonMembers.Contains(member.Name) && member.Name != type)
            {
                throw Fail(Invalid($"Unexpected key \"{member.Name}\" on a message of type {type}."));
            }
        }

        if (root.TryGetProperty("context", out var context) && (context.ValueKind != JsonValueKind.Object || Str(context, "message_id") is not { Length: > 0 }))
        {
            throw Fail(Invalid("Param context must be an object with a message_id."));
        }

        if (!root.TryGetProperty(type, out var content) || content.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            throw Fail(Missing(type));
        }

        string? text = null;
        List<string> media = [];
        switch (type)
        {
            case "text":
                text = Text(content, "text.body", "body", 1, 4096, required: true);
                if (content.TryGetProperty("preview_url", out var preview) && preview.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw Fail(Invalid("Param text.preview_url must be a boolean."));
                }

                break;
            case "image" or "video" or "audio" or "document" or "sticker":
                media.AddRange(Media(content, type));
                text = Str(content, "caption");
                break;
            case "template":
                Template(content);
                break;
            case "interactive":
                text = Interactive(content);
                break;
            default:
                break;
        }

        return new Accepted("+" + digits, type, text, media);
    }

    private static List<string> Media(JsonElement content, string type)
    {
        var link = Str(content, "link");
        var id = Str(content, "id");
        if ((link is null) == (id is null))
        {
            throw Fail(Invalid($"Param {type} must have either a link or an id."));
        }

        if (link is not null && (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            throw Fail(NotValid($"Param {type}.link '{link}' is not an absolute https URL."));
        }

        if (content.TryGetProperty("caption", out _) && type is "audio" or "sticker")
        {
            throw Fail(Invalid($"Unexpected key \"caption\" on param \"{type}\"."));
        }

        Text(content, type + ".caption", "caption", 1, 1024, required: false);
        if (content.TryGetProperty("filename", out _) && type != "document")
        {
            throw Fail(Invalid($"Unexpected key \"filename\" on param \"{type}\"."));
        }

        return link is null ? [] : [link];
    }

    private static void Template(JsonElement content)
    {
        Text(content, "template.name", "name", 1, 512, required: true);
        if (!content.TryGetProperty("language", out var language) || language.ValueKind != JsonValueKind.Object)
        {
            throw Fail(Missing("template.language"));
        }

        Text(language, "template.language.code", "code", 2, 8, required: true);
        if (content.TryGetProperty("components", out var components))
        {
            if (components.ValueKind != JsonValueKind.Array)
            {
                throw Fail(Invalid("Param template.components must be an array."));
            }

            foreach (var component in components.EnumerateArray())
            {
                if (component.ValueKind != JsonValueKind.Object || Str(component, "type") is null)
                {
                    throw Fail(Invalid("Each of template.components must be an object with a type."));
                }
            }
        }
    }

    /// <summary>Checks reply buttons and lists; returns the body text.</summary>
    private static string Interactive(JsonElement content)
    {
        var kind = Str(content, "type") ?? throw Fail(Missing("interactive.type"));
        if (kind is not ("button" or "list"))
        {
            throw Fail(NotValid($"Param interactive.type '{kind}': the sandbox emulates reply buttons ('button') and lists ('list')."));
        }

        if (!content.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object)
        {
            throw Fail(Missing("interactive.body"));
        }

        var text = Text(body, "interactive.body.text", "text", 1, 1024, required: true)!;
        if (content.TryGetProperty("header", out var header))
        {
            var headerType = header.ValueKind == JsonValueKind.Object ? Str(header, "type") : null;
            if (headerType != "text")
            {
                throw Fail(NotValid("Param interactive.header must be a text header (type 'text') for buttons and lists in the sandbox."));
            }

            Text(header, "interactive.header.text", "text", 1, 60, required: true);
        }

        if (content.TryGetProperty("footer", out var footer))
        {
            Text(footer, "interactive.footer.text", "text", 1, 60, required: true);
        }

        if (!content.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
        {
            throw Fail(Missing("interactive.action"));
        }

        if (kind == "button")
        {
            var buttons = Array(action, "interactive.action.buttons", 1, 3);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var titles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var button in buttons)
            {
                if (Str(button, "type") != "reply" || !button.TryGetProperty("reply", out var reply) || reply.ValueKind != JsonValueKind.Object)
                {
                    throw Fail(NotValid("Each of interactive.action.buttons must be {\"type\":\"reply\",\"reply\":{id,title}}."));
                }

                var id = Text(reply, "interactive.action.buttons[].reply.id", "id", 1, 256, required: true)!;
                var title = Text(reply, "interactive.action.buttons[].reply.title", "title", 1, 20, required: true)!;
                if (!ids.Add(id) || !titles.Add(title))
                {
                    throw Fail(NotValid("Button ids and titles must be unique."));
                }
            }
        }
        else
        {
            Text(action, "interactive.action.button", "button", 1, 20, required: true);
            var sections = Array(action, "interactive.action.sections", 1, 10);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var rows = 0;
            foreach (var section in sections)
            {
                if (Text(section, "interactive.action.sections[].title", "title", 1, 24, required: false) is null && sections.Count > 1)
                {
                    throw Fail(Missing("interactive.action.sections[].title"));
                }

                foreach (var row in Array(section, "interactive.action.sections[].rows", 1, 10))
                {
                    if (++rows > 10)
                    {
                        throw Fail(NotValid("A list has at most 10 rows in all its sections."));
                    }

                    var id = Text(row, "interactive.action.sections[].rows[].id", "id", 1, 200, required: true)!;
                    Text(row, "interactive.action.sections[].rows[].title", "title", 1, 24, required: true);
                    Text(row, "interactive.action.sections[].rows[].description", "description", 1, 72, required: false);
                    if (!ids.Add(id))
                    {
                        throw Fail(NotValid($"Row id '{id}' is used twice; row ids must be unique."));
                    }
                }
            }
        }

        return text;
    }

    private static List<JsonElement> Array(JsonElement element, string path, int min, int max)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        if (!element.TryGetProperty(name, out var array))
        {
            throw Fail(Missing(path));
        }

        if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(static e => e.ValueKind != JsonValueKind.Object))
        {
            throw Fail(Invalid($"Param {path} must be an array of objects."));
        }

        var count = array.GetArrayLength();
        if (count < min || count > max)
        {
            throw Fail(NotValid($"Param {path} has {count.ToString(CultureInfo.InvariantCulture)} items; {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} are allowed."));
        }

        return [.. array.EnumerateArray()];
    }

    /// <summary>A string member within its length limits; <see langword="null"/> when absent and not required.</summary>
    private static string? Text(JsonElement element, string path, string name, int min, int max, bool required)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return required ? throw Fail(Missing(path)) : null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Fail(Invalid($"Param {path} must be a string."));
        }

        var text = value.GetString()!;
        if (text.Length < min || text.Length > max)
        {
            throw Fail(NotValid($"Param {path} has {text.Length.ToString(CultureInfo.InvariantCulture)} characters; {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} are allowed."));
        }

        return text;
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Problem Invalid(string details) => new(100, "(#100) Invalid parameter", details);

    private static Problem Missing(string path) => new(131008, "(#131008) Required parameter is missing", $"Parameter '{path}' is required.");

    private static Problem NotValid(string details) => new(131009, "(#131009) Parameter value is not valid", details);

    private static CheckFailed Fail(Problem problem) => new(problem);

    private sealed class CheckFailed(Problem problem) : Exception(problem.Details)
    {
        public Problem Problem { get; } = problem;
    }
}
