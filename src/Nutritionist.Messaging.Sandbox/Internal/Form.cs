using System.Text;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary><c>application/x-www-form-urlencoded</c> reading and writing.</summary>
internal static class Form
{
    /// <summary>Encodes the pairs whose value is not <see langword="null"/>.</summary>
    public static string Encode(params (string Name, string? Value)[] pairs)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (value is null)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    /// <summary>Decodes a form or query string; repeated names keep every value in order.</summary>
    public static Dictionary<string, List<string>> Decode(string? text)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        foreach (var part in text.TrimStart('?').Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? string.Empty : Unescape(part[(equals + 1)..]);
            if (!result.TryGetValue(name, out var values))
            {
                values = [];
                result[name] = values;
            }

            values.Add(value);
        }

        return result;
    }

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
