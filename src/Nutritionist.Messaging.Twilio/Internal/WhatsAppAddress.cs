using System.Text.RegularExpressions;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>The <c>whatsapp:+E164</c> addresses and Twilio SIDs the provider checks before anything is sent.</summary>
internal static partial class WhatsAppAddress
{
    public const string Prefix = "whatsapp:";

    /// <summary>Whether <paramref name="value"/> is <c>whatsapp:</c> followed by an E.164 number.</summary>
    public static bool IsWhatsAppE164(string? value) =>
        value is not null && value.StartsWith(Prefix, StringComparison.Ordinal) && IsE164(value.AsSpan(Prefix.Length));

    /// <summary>Whether <paramref name="value"/> is <c>+</c> and 2 to 15 digits, the first not 0 (ITU-T E.164).</summary>
    public static bool IsE164(ReadOnlySpan<char> value) => E164().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> is <paramref name="prefix"/> followed by 32 hexadecimal characters.</summary>
    public static bool IsSid(string? value, string prefix)
    {
        if (value is null || value.Length != 34 || !value.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value.AsSpan(2))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes the <c>whatsapp:</c> prefix, for masking and for the core's E.164 fields.</summary>
    public static string? StripPrefix(string? address) =>
        address is not null && address.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? address[Prefix.Length..] : address;

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
