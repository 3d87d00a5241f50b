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
/// <c>POST /{Version}/{Phone-Number-ID}/messages</c>), read as it is, with five defects worked around; other request bodies
/// against their own schema by name (<see cref="ErrorsAgainst"/>).
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
/// <item>The template schemas (TemplateComponent, ParameterObject, ButtonParameterObject) pick their variant with an
/// OpenAPI <c>discriminator</c>, which JSON Schema ignores, so a parameter's own schema (TextParameter's <c>text</c>,
/// CurrencyParameter's <c>currency</c>, ImageParameter's <c>image</c>, …) would judge nothing. Each mapping becomes an
/// <c>if type = X then X's schema</c> branch; the variants' <c>allOf</c> point at a copy of the base without the branches,
/// so nothing recurses.</item>
/// </list>
/// </remarks>
internal static class MetaSchema
{
    public const string SpecPath = "meta/business-messaging-api_v23.0.yaml";

    private static readonly Lazy<JsonNode> Spec = new(() => ToJson(ReferenceData.PathOf(SpecPath)));
    private static readonly Lazy<JsonObject> Schemas = new(LoadSchemas);
    private static readonly Dictionary<string, JsonSchema> Built = [];

    /// <summary>
    /// Skips the calling test (or fails it under CI) when the spec is absent. Call it before <c>Assert.Multiple</c>, where
    /// NUnit does not allow a skip.
    /// </summary>
    public static void Require() => ReferenceData.PathOf(SpecPath);

    /// <summary>The errors of <paramref name="json"/> against the Message schema; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(string json) => ErrorsAgainst("Message", json);

    /// <summary>The errors of <paramref name="json"/> against the spec's schema <paramref name="schemaName"/>; empty when valid.</summary>
    public static IReadOnlyList<string> ErrorsAgainst(string schemaName, string json)
    {
        ReferenceData.PathOf(SpecPath); // skips (or fails under CI) when the reference is absent
        JsonSchema schema;
        lock (Built)
        {
            if (!Built.TryGetValue(schemaName, out schema!))
            {
                schema = Build(schemaName);
                Built[schemaName] = schema;
            }
        }

        using var document = JsonDocument.Parse(json);
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return [.. (results.Details ?? []).Where(static d => d.Errors is { Count: > 0 })
            .SelectMany(static d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid (no details)")];
    }

    /// <summary>The JSON of a response example in the spec: the first example of <paramref name="status"/> of <paramref name="method"/> on <paramref name="path"/>.</summary>
    public static string ResponseExample(string path, string method, string status = "200")
    {
        ReferenceData.PathOf(SpecPath);
        var examples = Spec.Value["paths"]![path]![method]!["responses"]![status]!["content"]!["application/json"]!["examples"]!.AsObject();
        return examples.First().Value!["value"]!.ToJsonString();
    }

    /// <summary>Asserts that <paramref name="json"/> is valid against the spec's schema <paramref name="schemaName"/>.</summary>
    public static void AssertValidAgainst(string schemaName, string json) =>
        Assert.That(ErrorsAgainst(schemaName, json), Is.Empty, $"Request body refused by Meta's {schemaName} schema: " + json);

    /// <summary>Asserts that <paramref name="json"/> is a valid Cloud API message.</summary>
    public static void AssertValid(string json) =>
        Assert.That(Errors(json), Is.Empty, "Request body refused by Meta's Message schema: " + json);

    private static JsonSchema Build(string schemaName)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$ref"] = "#/$defs/" + schemaName,
            ["$defs"] = JsonNode.Parse(Schemas.Value.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal)),
        };
        using var document = JsonDocument.Parse(root.ToJsonString());
        return JsonSchema.Build(document.RootElement.Clone(), new BuildOptions(), new Uri($"https://meta.test/business-messaging-api_v23.0/{schemaName}"));
    }

    private static JsonObject LoadSchemas()
    {
        var schemas = Spec.Value["components"]!["schemas"]!.DeepClone().AsObject();

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

        // Workaround 5: the template schemas' discriminators as if/then branches.
        foreach (var name in new[] { "TemplateComponent", "ParameterObject", "ButtonParameterObject" })
        {
            ApplyDiscriminator(schemas, name);
        }

        return schemas;
    }

    private static void ApplyDiscriminator(JsonObject schemas, string name)
    {
        var schema = schemas[name]!.AsObject();
        var mapping = schema["discriminator"]?["mapping"]?.AsObject();
        Assert.That(mapping, Is.Not.Null, $"the spec no longer has a discriminator on {name}: review workaround 5");
        var baseName = name + "Base";
        var copy = schema.DeepClone().AsObject();
        copy.Remove("discriminator");
        schemas[baseName] = copy;

        var branches = new JsonArray();
        foreach (var (value, reference) in mapping!)
        {
            var target = ((string)reference!).Split('/')[^1];
            foreach (var part in schemas[target]!["allOf"]!.AsArray())
            {
                if ((string?)part?["$ref"] == "#/components/schemas/" + name)
                {
                    part!["$ref"] = "#/components/schemas/" + baseName;
                }
            }

            branches.Add(new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = value } }, ["required"] = new JsonArray("type") },
                ["then"] = new JsonObject { ["$ref"] = (string)reference! },
            });
        }

        schema.Remove("discriminator");
        schema["allOf"] = branches;
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
