using System.Text.Json;
using System.Text.RegularExpressions;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>
/// The pinpoint-sms-voice-v2 model (or, with <c>model</c> = <see cref="Social"/>, the socialmessaging one), used to check
/// request bodies: member names, required members and constraints.
/// </summary>
internal static class ServiceModel
{
    public const string SmsVoice = "aws/pinpoint-sms-voice-v2.service-2.json";
    public const string Social = "aws/socialmessaging.service-2.json";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<JsonDocument>> Documents = new(StringComparer.Ordinal);

    public static JsonElement Root => RootOf(SmsVoice);

    public static JsonElement RootOf(string model) =>
        Documents.GetOrAdd(model, static m => new Lazy<JsonDocument>(() => JsonDocument.Parse(ReferenceData.ReadText(m)))).Value.RootElement;

    public static JsonElement Operation(string name, string model = SmsVoice) => RootOf(model).GetProperty("operations").GetProperty(name);

    public static string InputShape(string operation, string model = SmsVoice) => Operation(operation, model).GetProperty("input").GetProperty("shape").GetString()!;

    public static string OutputShape(string operation, string model = SmsVoice) => Operation(operation, model).GetProperty("output").GetProperty("shape").GetString()!;

    public static JsonElement Shape(string name, string model = SmsVoice) => RootOf(model).GetProperty("shapes").GetProperty(name);

    public static IReadOnlyList<string> MemberNames(string shape, string model = SmsVoice) =>
        Shape(shape, model).GetProperty("members").EnumerateObject().Select(m => m.Name).ToList();

    /// <summary>Every problem of <paramref name="value"/> against <paramref name="shapeName"/>; empty when it conforms.</summary>
    public static List<string> Validate(JsonElement value, string shapeName, string model = SmsVoice)
    {
        var problems = new List<string>();
        Validate(value, shapeName, "$", problems, model);
        return problems;
    }

    private static void Validate(JsonElement value, string shapeName, string path, List<string> problems, string model)
    {
        var shape = Shape(shapeName, model);
        var type = shape.GetProperty("type").GetString();
        switch (type)
        {
            case "structure":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{path}: expected an object for {shapeName}");
                    return;
                }

                var members = shape.GetProperty("members");
                foreach (var property in value.EnumerateObject())
                {
                    if (!members.TryGetProperty(property.Name, out var member))
                    {
                        problems.Add($"{path}.{property.Name}: not a member of {shapeName}");
                        continue;
                    }

                    Validate(property.Value, member.GetProperty("shape").GetString()!, $"{path}.{property.Name}", problems, model);
                }

                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    {
                        if (!value.TryGetProperty(name, out _))
                        {
                            problems.Add($"{path}.{name}: required by {shapeName} but missing");
                        }
                    }
                }

                break;
            case "list":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    problems.Add($"{path}: expected an array");
                    return;
                }

                CheckLength(shape, value.GetArrayLength(), path, problems);
                var itemShape = shape.GetProperty("member").GetProperty("shape").GetString()!;
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Validate(item, itemShape, $"{path}[{index++}]", problems, model);
                }

                break;
            case "map":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{path}: expected an object (map)");
                    return;
                }

                CheckLength(shape, value.EnumerateObject().Count(), path, problems);
                var keyShape = shape.GetProperty("key").GetProperty("shape").GetString()!;
                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                foreach (var entry in value.EnumerateObject())
                {
                    using var key = JsonDocument.Parse(JsonSerializer.Serialize(entry.Name));
                    Validate(key.RootElement, keyShape, $"{path}<key {entry.Name}>", problems, model);
                    Validate(entry.Value, valueShape, $"{path}.{entry.Name}", problems, model);
                }

                break;
            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"{path}: expected a string");
                    return;
                }

                var text = value.GetString()!;
                CheckLength(shape, text.Length, path, problems);
                if (shape.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, $"^(?:{pattern.GetString()})$"))
                {
                    problems.Add($"{path}: \"{text}\" does not match {pattern.GetString()}");
                }

                if (shape.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.GetString() == text))
                {
                    problems.Add($"{path}: \"{text}\" is not one of {shapeName}'s values");
                }

                break;
            case "integer" or "long":
                if (value.ValueKind != JsonValueKind.Number)
                {
                    problems.Add($"{path}: expected a number");
                    return;
                }

                var number = value.GetInt64();
                if ((shape.TryGetProperty("min", out var min) && number < min.GetInt64()) || (shape.TryGetProperty("max", out var max) && number > max.GetInt64()))
                {
                    problems.Add($"{path}: {number} is out of range");
                }

                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{path}: expected a boolean");
                }

                break;
            case "blob":
                // restJson1 writes a blob as base64; its length constraints count the decoded bytes.
                if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out var bytes))
                {
                    problems.Add($"{path}: expected a base64 string (blob)");
                    return;
                }

                CheckLength(shape, bytes.Length, path, problems);
                break;
            case "timestamp":
                if (value.ValueKind != JsonValueKind.Number)
                {
                    problems.Add($"{path}: expected epoch seconds");
                }

                break;
            default:
                problems.Add($"{path}: unhandled shape type {type}");
                break;
        }
    }

    private static void CheckLength(JsonElement shape, int length, string path, List<string> problems)
    {
        if (shape.TryGetProperty("min", out var min) && length < min.GetInt32())
        {
            problems.Add($"{path}: length {length} is below {min.GetInt32()}");
        }

        if (shape.TryGetProperty("max", out var max) && length > max.GetInt32())
        {
            problems.Add($"{path}: length {length} is above {max.GetInt32()}");
        }
    }
}
