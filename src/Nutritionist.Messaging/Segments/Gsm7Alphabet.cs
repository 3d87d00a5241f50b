namespace Nutritionist.Messaging.Segments;

/// <summary>
/// The GSM 03.38 default alphabet and its extension table (3GPP TS 23.038 §6.2.1), with the same 127 basic and 10
/// extension characters as Twilio's message-segment-calculator (<c>src/libs/UnicodeToGSM.ts</c>).
/// </summary>
/// <remarks>
/// A test checks these tables against <c>../shared/reference/segments/twilio-gsm7-tables.json</c>.
/// </remarks>
internal static class Gsm7Alphabet
{
    /// <summary>The septet that switches to the extension table. Not a character of its own.</summary>
    public const int EscapeSeptet = 0x1B;

    /// <summary>
    /// The default alphabet: the character at index <c>n</c> is septet <c>n</c>. Index 0x1B holds U+001B only as a
    /// placeholder for the escape septet; U+001B in a message body is not GSM-7.
    /// </summary>
    public const string BasicCharacters =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /// <summary>The extension-table characters; each is sent as the escape septet plus the septet at the same index of <see cref="ExtensionSeptets"/>.</summary>
    public const string ExtensionCharacters = "\f^{}\\[~]|€";

    private const char Euro = '€';

    // One byte per UTF-16 code unit up to the last table character below '€' (Ω, U+03A9): 0 = not GSM-7, 1 = basic, 2 = extension.
    private static readonly byte[] SeptetCost = BuildSeptetCost();

    /// <summary>The septet that follows the escape for each character of <see cref="ExtensionCharacters"/>.</summary>
    public static ReadOnlySpan<byte> ExtensionSeptets => [0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65];

    /// <summary>How many septets <paramref name="c"/> takes in GSM-7: 1 (basic), 2 (extension) or 0 when it is not GSM-7.</summary>
    public static int SeptetsOf(char c)
    {
        var table = SeptetCost;
        return c < (uint)table.Length ? table[c] : c == Euro ? 2 : 0;
    }

    /// <summary>The septets that encode <paramref name="c"/>, or an empty array when it is not GSM-7 (for tests and diagnostics).</summary>
    public static byte[] Encode(char c)
    {
        var extension = ExtensionCharacters.IndexOf(c, StringComparison.Ordinal);
        if (extension >= 0)
        {
            return [EscapeSeptet, ExtensionSeptets[extension]];
        }

        var basic = BasicCharacters.IndexOf(c, StringComparison.Ordinal);
        return basic >= 0 && basic != EscapeSeptet ? [(byte)basic] : [];
    }

    private static byte[] BuildSeptetCost()
    {
        var size = 0;
        foreach (var c in BasicCharacters + ExtensionCharacters)
        {
            if (c != Euro)
            {
                size = Math.Max(size, c + 1);
            }
        }

        var table = new byte[size];
        for (var septet = 0; septet < BasicCharacters.Length; septet++)
        {
            if (septet != EscapeSeptet)
            {
                table[BasicCharacters[septet]] = 1;
            }
        }

        foreach (var c in ExtensionCharacters)
        {
            if (c != Euro)
            {
                table[c] = 2;
            }
        }

        return table;
    }
}
