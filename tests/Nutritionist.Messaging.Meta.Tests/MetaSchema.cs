using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Nutritionist.Messaging.Testing.Shared;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nutritionist.Messaging.Meta.Tests;

/// <summary>
/// Judges request bodies against the <c>Message</c> schema of Meta's official OpenAPI description
/// (<c>../shared/reference/meta/business-messaging-api_v23.0.yaml</c>, the request body of
/// <c>POST /{Version}/{Phone-Number-ID}/messages</c>), read as it is, with four defects worked around.
/// </summary>
/// <remarks>
/// Workarounds, each narrow, so the rest of the schema still judges the bodies:
/// <list type="number">
/// <item><c>additionalProperties: false</c> inside an <c>allOf</c> branch (TextMessage, ImageMessage, …) refuses the
/// members the other branch (BaseMessageProperties: <c>messaging_product</c>, <c>to</c>, <c>context</c>) declares, so every
/// valid message fails. Each such branch loses it, and the schema holding the <c>allOf</c> gets
/// <c>unevaluatedProperties: false</c> instead: unknown members are still refused, members of any branch are allowed.</item>
/// <item>The button component's <c>index</c> pattern <c>^[2-6, 11-14]$</c> is a character class that refuses "0" and "1"
/// (Meta documents 0–9): replaced by <c>^[0-9]$</c>.</item>
/// <item><c>recipient_type</c> is in BaseMessageProperties' <c>required</c>, though Meta documents it as optional
/// (default <c>individual</c>): removed from <c>required</c>; its enum still applies when present.</item>
/// <item><c>language.policy</c> is in LanguageObject's <c>required</c>, though it is optional (only <c>deterministic</c>
/// exists): removed from <c>required</c>; its enum still applies when present.</item>
/// </list>
/// </remarks>
internal static class MetaSchema
{
    public const string SpecPath = "meta/business-messaging-api_v23.0.yaml";

    private static readonly Lazy<JsonSchema> Message = new(Load);

    /// <summary>The errors of <paramref name="json"/> against the Message schema; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(string json)
    {
        ReferenceData.PathOf(SpecPath); // skips (or fails under CI) when the reference is absent
        using var document = JsonDocument.Parse(json);
        var results = Message.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return [.. (results.Details ?? []).Where(static d => d.Errors is { Count: > 0 })
            .SelectMany(static d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid (no details)")];
    }

    /// <summary>Asserts that <paramref name="json"/> is a valid Cloud API message.</summary>
    public static void AssertValid(string json) =>
        Assert.That(Errors(json), Is.Empty, "Request body refused by Meta's Message schema: " + json);

    private static JsonSchema Load()
    {
        var spec = ToJson(ReferenceData.PathOf(SpecPath));
        var schemas = spec["components"]!["schemas"]!.AsObject();

        // Workaround 1: additionalProperties:false inside allOf → unevaluatedProperties:false on the holder.
        foreach (var (_, schema) in schemas.ToList())
        {
            MoveAllOfAdditionalProperties(schema);
        }

        // Workaround 2: the button index pattern.
        foreach (var index in new[] { schemas["TemplateComponent"]!["properties"]!["index"]!, schemas["ButtonComponent"]!["allOf"]![1]!["properties"]!["index"]! })
        {
            Assert.That((string?)index["pattern"], Is.EqualTo("^[2-6, 11-14]$"), "the spec changed: review workaround 2");
            index["pattern"] = "^[0-9]$";
        }

        // Workarounds 3 and 4: optional members marked required.
        RemoveRequired(schemas["BaseMessageProperties"]!, "recipient_type");
        RemoveRequired(schemas["LanguageObject"]!, "policy");

        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$ref"] = "#/$defs/Message",
            ["$defs"] = JsonNode.Parse(schemas.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal)),
        };
        using var document = JsonDocument.Parse(root.ToJsonString());
        return JsonSchema.Build(document.RootElement.Clone(), new BuildOptions(), new Uri("https://meta.test/business-messaging-api_v23.0"));
    }

    private static void MoveAllOfAdditionalProperties(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                MoveAllOfAdditionalProperties(item);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        if (obj["allOf"] is JsonArray branches)
        {
            var moved = false;
            foreach (var branch in branches.OfType<JsonObject>())
            {
                if (branch["additionalProperties"] is JsonValue value && value.GetValueKind() == JsonValueKind.False)
                {
                    branch.Remove("additionalProperties");
                    moved = true;
                }
            }

            if (moved)
            {
                obj["unevaluatedProperties"] = false;
            }
        }

        foreach (var (_, child) in obj.ToList())
        {
            MoveAllOfAdditionalProperties(child);
        }
    }

    private static void RemoveRequired(JsonNode schema, string member)
    {
        var required = schema["required"]!.AsArray();
        var item = required.FirstOrDefault(n => (string?)n == member);
        Assert.That(item, Is.Not.Null, $"the spec no longer requires '{member}': review the workaround");
        required.Remove(item);
    }

    /// <summary>YAML to JSON: plain scalars typed (true/false/null/numbers), quoted ones kept as strings.</summary>
    private static JsonNode ToJson(string path)
    {
        using var reader = new StreamReader(path);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return Convert(yaml.Documents[0].RootNode)!;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, Convert(p.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" or "~" or "" => null,
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }
}
