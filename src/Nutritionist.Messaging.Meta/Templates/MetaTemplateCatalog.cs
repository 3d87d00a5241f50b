using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nutritionist.Messaging.Meta.Internal;

namespace Nutritionist.Messaging.Meta;

/// <summary>
/// <see cref="IWhatsAppTemplateCatalog"/> over <c>GET {BaseUrl}/{ApiVersion}/{WABA-ID}/message_templates</c>, page by page
/// (<c>limit</c> and the <c>after</c> cursor, while Meta gives a <c>paging.next</c>).
/// </summary>
/// <remarks>
/// Thread-safe singleton. Needs <see cref="MetaWhatsAppOptions.WabaId"/> (<c>META_WABA_ID</c>); without it
/// <see cref="ListAsync"/> fails with <see cref="MessagingErrorCode.NotConfigured"/>. Each template's
/// <see cref="WhatsAppTemplateInfo.Variables"/> are the <c>{{…}}</c> placeholders of its body text (<c>1</c>, <c>2</c>, …
/// or names) and header text (<c>header:1</c>), with the examples Meta holds for them.
/// </remarks>
internal sealed partial class MetaTemplateCatalog(MetaGraph graph) : IWhatsAppTemplateCatalog
{
    private const int PageSize = 100;
    private const int MaxPages = 100;
    private const string Fields = "id,name,language,status,category,components,rejected_reason";

    public async Task<IReadOnlyList<WhatsAppTemplateInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(graph.Options.WabaId))
        {
            throw new MessagingException(MessagingErrorCode.NotConfigured, "The WhatsApp Business Account is unknown: set NutritionistMessaging:Meta:WabaId (or META_WABA_ID) to list message templates.");
        }

        var templates = new List<WhatsAppTemplateInfo>();
        string? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var query = $"fields={Uri.EscapeDataString(Fields)}&limit={PageSize}" + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after));
            using var document = await graph.SendAsync(HttpMethod.Get, graph.Uri(graph.Options.WabaId, "message_templates", query), null, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                throw new MessagingException(MessagingErrorCode.Unknown, "Meta's answer to the message template list has no 'data' array.", "InvalidResponse");
            }

            foreach (var item in data.EnumerateArray())
            {
                if (MetaGraph.Str(item, "id") is { Length: > 0 })
                {
                    templates.Add(ToInfo(item));
                }
            }

            // Graph API paging: a next page exists when "paging.next" is given; its cursor is "paging.cursors.after".
            after = root.TryGetProperty("paging", out var paging) && paging.ValueKind == JsonValueKind.Object
                && MetaGraph.Str(paging, "next") is { Length: > 0 }
                && paging.TryGetProperty("cursors", out var cursors)
                ? MetaGraph.Str(cursors, "after")
                : null;
            if (string.IsNullOrEmpty(after) || data.GetArrayLength() == 0)
            {
                break;
            }
        }

        return templates;
    }

    internal static WhatsAppTemplateInfo ToInfo(JsonElement item)
    {
        var name = MetaGraph.Str(item, "name");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new List<string>();
        if (item.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Array)
        {
            foreach (var component in components.EnumerateArray())
            {
                var type = MetaGraph.Str(component, "type")?.ToLowerInvariant();
                if (type is null)
                {
                    continue;
                }

                types.Add(type);
                if (type is "header" or "body" && MetaGraph.Str(component, "text") is { } text)
                {
                    ReadVariables(text, component, type, variables);
                }
            }
        }

        return new WhatsAppTemplateInfo(MetaGraph.Str(item, "id")!)
        {
            Name = name,
            Language = MetaGraph.Str(item, "language"),
            Variables = variables,
            ContentTypes = types,
            WhatsAppApprovalStatus = MetaGraph.Str(item, "status")?.ToLowerInvariant(),
            WhatsAppTemplateName = name,
            WhatsAppCategory = MetaGraph.Str(item, "category"),
            RejectionReason = MetaGraph.Str(item, "rejected_reason") is { } reason && reason != "NONE" ? reason : null,
        };
    }

    // Placeholders {{1}}, {{2}}, … or {{first_name}}; examples from example.body_text[0] / header_text (positional) or
    // body_text_named_params / header_text_named_params ({param_name, example}).
    private static void ReadVariables(string text, JsonElement component, string type, Dictionary<string, string> variables)
    {
        var positional = new List<string>();
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        if (component.TryGetProperty("example", out var example) && example.ValueKind == JsonValueKind.Object)
        {
            if (example.TryGetProperty(type + "_text", out var samples) && samples.ValueKind == JsonValueKind.Array)
            {
                // body_text is a list of lists; header_text a flat list.
                var row = samples.GetArrayLength() > 0 && samples[0].ValueKind == JsonValueKind.Array ? samples[0] : samples;
                positional.AddRange(row.EnumerateArray().Select(static s => s.ValueKind == JsonValueKind.String ? s.GetString()! : s.GetRawText()));
            }

            if (example.TryGetProperty(type + "_text_named_params", out var namedSamples) && namedSamples.ValueKind == JsonValueKind.Array)
            {
                foreach (var sample in namedSamples.EnumerateArray())
                {
                    if (MetaGraph.Str(sample, "param_name") is { } paramName)
                    {
                        named[paramName] = MetaGraph.Str(sample, "example") ?? string.Empty;
                    }
                }
            }
        }

        foreach (Match match in Placeholder().Matches(text))
        {
            var key = match.Groups[1].Value;
            variables[type == "header" ? "header:" + key : key] = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position >= 1 && position <= positional.Count ? positional[position - 1]
                : named.TryGetValue(key, out var value) ? value
                : string.Empty;
        }
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
