using System.Text.RegularExpressions;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>Phone number keys and checks shared by both emulated APIs.</summary>
internal static partial class Numbers
{
    public const string WhatsAppPrefix = "whatsapp:";

    /// <summary>The key a number is stored under: no <c>whatsapp:</c> prefix, no spaces, a leading <c>+</c>.</summary>
    public static string Key(string phoneNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phoneNumber);
        var number = StripWhatsApp(phoneNumber.Trim());
        return number.StartsWith('+') ? number : "+" + number;
    }

    public static string StripWhatsApp(string address) =>
        address.StartsWith(WhatsAppPrefix, StringComparison.OrdinalIgnoreCase) ? address[WhatsAppPrefix.Length..] : address;

    public static bool IsWhatsApp(string? address) =>
        address is not null && address.StartsWith(WhatsAppPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>E.164: a plus, a non-zero digit, at most 15 digits in all.</summary>
    public static bool IsE164(string number) => E164().IsMatch(number);

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
