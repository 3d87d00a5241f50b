namespace Nutritionist.Messaging.Segments;

/// <summary>The character encoding an SMS is sent in.</summary>
public enum SmsEncoding
{
    /// <summary>
    /// The GSM 03.38 7-bit default alphabet (3GPP TS 23.038): 160 septets in a single segment, 153 per segment when
    /// concatenated. Characters of the extension table (<c>^ { } \ [ ~ ] | €</c> and form feed) take two septets.
    /// </summary>
    Gsm7 = 0,

    /// <summary>
    /// UCS-2 (sent as UTF-16): 70 code units in a single segment, 67 per segment when concatenated. Characters outside
    /// the Basic Multilingual Plane, such as most emoji, take two code units.
    /// </summary>
    Ucs2 = 1,
}
