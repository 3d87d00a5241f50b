using System.Globalization;

namespace Nutritionist.Messaging.Segments;

/// <summary>How an SMS body is encoded and into how many segments it is split. Returned by <see cref="SmsSegments.Calculate(string)"/>.</summary>
/// <remarks>
/// A value type so that measuring a message allocates nothing. The characters that forced UCS-2 are worked out only
/// when <see cref="GetNonGsmCharacters"/> is called.
/// </remarks>
public readonly struct SmsSegmentInfo
{
    private readonly string? _text;

    internal SmsSegmentInfo(SmsEncoding encoding, int segments, int unitsUsed, int unitsPerSegment, int unitsRemainingInLastSegment, string text)
    {
        Encoding = encoding;
        Segments = segments;
        UnitsUsed = unitsUsed;
        UnitsPerSegment = unitsPerSegment;
        UnitsRemainingInLastSegment = unitsRemainingInLastSegment;
        _text = text;
    }

    /// <summary>The encoding: <see cref="SmsEncoding.Gsm7"/> when every character is in the GSM-7 tables, otherwise <see cref="SmsEncoding.Ucs2"/>.</summary>
    public SmsEncoding Encoding { get; }

    /// <summary>The number of segments (billable message parts). 0 for an empty body.</summary>
    public int Segments { get; }

    /// <summary>
    /// The length in the encoding's units: septets for GSM-7 (extension-table characters count 2), UTF-16 code units for
    /// UCS-2 (a character outside the Basic Multilingual Plane, such as most emoji, counts 2; extension-table
    /// characters count 1).
    /// </summary>
    public int UnitsUsed { get; }

    /// <summary>
    /// The capacity of each segment in units: 160 (GSM-7) or 70 (UCS-2) for a single segment, 153 or 67 per segment once
    /// the message is split, because each part then carries a 6-octet concatenation header.
    /// </summary>
    public int UnitsPerSegment { get; }

    /// <summary>
    /// How many units are still free in the last segment before another segment is needed. Slightly optimistic near a
    /// boundary: a character of several units (escape pair, surrogate pair, or a grapheme cluster such as a flag or a
    /// skin-toned emoji) never straddles two segments.
    /// </summary>
    public int UnitsRemainingInLastSegment { get; }

    /// <summary>
    /// The distinct characters that are not in the GSM-7 tables and so forced <see cref="SmsEncoding.Ucs2"/>, in order of
    /// first appearance. A character outside the Basic Multilingual Plane (an emoji) is one string of two UTF-16 code
    /// units; an unpaired surrogate is returned as it is. Empty for <see cref="SmsEncoding.Gsm7"/>.
    /// </summary>
    /// <returns>A new list on every call (it is computed, not stored).</returns>
    public IReadOnlyList<string> GetNonGsmCharacters() =>
        Encoding == SmsEncoding.Ucs2 && _text is not null ? SmsSegments.FindNonGsmCharacters(_text) : [];

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Encoding}: {Segments} segment(s), {UnitsUsed} unit(s) used, {UnitsRemainingInLastSegment} left in the last segment");
}
