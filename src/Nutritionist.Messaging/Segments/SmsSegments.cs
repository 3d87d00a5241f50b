using System.Globalization;
using System.Text;

namespace Nutritionist.Messaging.Segments;

/// <summary>
/// Works out how an SMS body is encoded (GSM-7 or UCS-2) and how many segments it is billed as, the way carriers and
/// Twilio's message-segment-calculator count them.
/// </summary>
/// <remarks>
/// <para>
/// A body is GSM-7 when every character is in the GSM 03.38 default alphabet or its extension table; extension
/// characters (<c>^ { } \ [ ~ ] | €</c> and form feed) take two septets. One character outside both tables (for example
/// <c>á</c>, lower-case <c>ç</c>, <c>’</c> or an emoji) makes the whole body UCS-2, where every UTF-16 code unit counts
/// one. A single segment holds 160 septets or 70 code units; a longer body is split into parts of 153 septets or 67 code
/// units.
/// </para>
/// <para>
/// A part holds whole user-perceived characters (extended grapheme clusters, as <see cref="StringInfo"/> finds them),
/// as Twilio's calculator does: a GSM-7 escape pair, a surrogate pair, a flag, a skin-toned emoji, a ZWJ family, a
/// keycap or a letter with combining accents moves whole to the next part when it does not fit, so a part can end up to
/// a cluster's length short. Two exceptions, both as in Twilio's calculator or forced by the limits: CR LF counts as
/// two characters and may be split; a single cluster longer than a whole part (dozens of stacked accents) is split
/// between code points, never inside a surrogate pair. GSM-7 characters never combine with each other (CR LF aside), so
/// a GSM-7 body is split character by character.
/// </para>
/// <para>
/// Country rules are not applied: some destinations (Twilio's calculator has Malaysia) send certain GSM-7 Latin letters
/// as UCS-2. <see cref="Calculate(string)"/> allocates nothing; all members are thread-safe.
/// </para>
/// </remarks>
public static class SmsSegments
{
    /// <summary>Septets in a single GSM-7 segment.</summary>
    public const int Gsm7SingleSegmentUnits = 160;

    /// <summary>Septets in each segment of a concatenated GSM-7 message.</summary>
    public const int Gsm7ConcatenatedSegmentUnits = 153;

    /// <summary>UTF-16 code units in a single UCS-2 segment.</summary>
    public const int Ucs2SingleSegmentUnits = 70;

    /// <summary>UTF-16 code units in each segment of a concatenated UCS-2 message.</summary>
    public const int Ucs2ConcatenatedSegmentUnits = 67;

    /// <summary>Measures an SMS body as sent without smart encoding.</summary>
    /// <param name="text">The message body.</param>
    /// <returns>The encoding, segment count and units used.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static SmsSegmentInfo Calculate(string text) => Calculate(text, smartEncoding: false);

    /// <summary>Measures an SMS body, optionally after <see cref="ApplySmartEncoding(string)"/>.</summary>
    /// <param name="text">The message body.</param>
    /// <param name="smartEncoding">
    /// <see langword="true"/> to count the body as Twilio sends it with Smart Encoding on (a Messaging Service setting):
    /// look-alike characters such as curly quotes and dashes are replaced with GSM-7 ones first.
    /// </param>
    /// <returns>The encoding, segment count and units used.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static SmsSegmentInfo Calculate(string text, bool smartEncoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (smartEncoding)
        {
            text = ApplySmartEncoding(text);
        }

        return Measure(text, boundaries: null);
    }

    /// <summary>
    /// Splits an SMS body into the segments <see cref="Calculate(string)"/> counts, as ranges of UTF-16 indexes into
    /// <paramref name="text"/>. No range ends inside a grapheme cluster (except CR LF and a cluster longer than a whole
    /// segment, see <see cref="SmsSegments"/>) or inside a surrogate pair; GSM-7 extension characters are single
    /// <see cref="char"/>s, so their escape pair is never split either.
    /// </summary>
    /// <param name="text">The message body (apply <see cref="ApplySmartEncoding(string)"/> first to split what Twilio sends with Smart Encoding).</param>
    /// <returns>One range per segment, in order, together covering the whole text; empty for an empty body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<Range> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var boundaries = new List<Range>();
        Measure(text, boundaries);
        return boundaries;
    }

    /// <summary>
    /// Replaces look-alike Unicode characters with GSM-7 text the way Twilio's Smart Encoding does: curly quotes become
    /// straight quotes, en and em dashes become <c>-</c>, <c>…</c> becomes <c>...</c>, full-width letters and digits
    /// become ASCII, unusual spaces become spaces and invisible control characters are dropped (270 substitutions).
    /// </summary>
    /// <param name="text">The message body.</param>
    /// <returns>The replaced text, or <paramref name="text"/> itself (no allocation) when nothing needs replacing.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static string ApplySmartEncoding(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.AsSpan().IndexOfAny(SmartEncodingMap.Keys);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (SmartEncodingMap.TryGetReplacement(c, out var replacement))
            {
                builder.Append(replacement);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    internal static IReadOnlyList<string> FindNonGsmCharacters(string text)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            var width = IsSurrogatePairAt(text, i) ? 2 : 1;
            if (width == 2 || Gsm7Alphabet.SeptetsOf(text[i]) == 0)
            {
                var character = text.Substring(i, width);
                if (seen.Add(character))
                {
                    found.Add(character);
                }
            }

            i += width - 1;
        }

        return found;
    }

    private static SmsSegmentInfo Measure(string text, List<Range>? boundaries)
    {
        var span = text.AsSpan();
        var septets = 0;
        var isGsm7 = true;
        foreach (var c in span)
        {
            var cost = Gsm7Alphabet.SeptetsOf(c);
            if (cost == 0)
            {
                isGsm7 = false;
                break;
            }

            septets += cost;
        }

        var encoding = isGsm7 ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2;
        var units = isGsm7 ? septets : span.Length;
        var single = isGsm7 ? Gsm7SingleSegmentUnits : Ucs2SingleSegmentUnits;
        if (units == 0)
        {
            return new SmsSegmentInfo(encoding, 0, 0, single, single, text);
        }

        if (units <= single)
        {
            boundaries?.Add(new Range(0, span.Length));
            return new SmsSegmentInfo(encoding, 1, units, single, single - units, text);
        }

        var perSegment = isGsm7 ? Gsm7ConcatenatedSegmentUnits : Ucs2ConcatenatedSegmentUnits;
        var segments = 1;
        var used = 0;
        var start = 0;
        var oversizedEnd = 0; // the end of a cluster longer than a segment, split between code points
        for (var i = 0; i < span.Length;)
        {
            int width; // UTF-16 code units this character occupies in the text
            int cost;  // units it takes in the segment
            if (isGsm7)
            {
                // Every GSM-7 character is a grapheme cluster of its own (CR LF aside, which is counted as two).
                width = 1;
                cost = Gsm7Alphabet.SeptetsOf(span[i]);
            }
            else
            {
                // Whole clusters; one longer than a segment (0: still inside it) goes code point by code point.
                width = i < oversizedEnd ? 0 : ClusterLength(span[i..]);
                if (width == 0 || width > perSegment)
                {
                    oversizedEnd = Math.Max(oversizedEnd, i + width);
                    width = IsSurrogatePairAt(span, i) ? 2 : 1;
                }

                cost = width;
            }

            if (used + cost > perSegment)
            {
                boundaries?.Add(new Range(start, i));
                segments++;
                used = 0;
                start = i;
            }

            used += cost;
            i += width;
        }

        boundaries?.Add(new Range(start, span.Length));
        return new SmsSegmentInfo(encoding, segments, units, perSegment, perSegment - used, text);
    }

    /// <summary>The UTF-16 length of the grapheme cluster that starts <paramref name="text"/>; CR LF counts as two characters, as in Twilio's calculator.</summary>
    private static int ClusterLength(ReadOnlySpan<char> text)
    {
        var length = StringInfo.GetNextTextElementLength(text);
        return length == 2 && text[0] == '\r' ? 1 : length;
    }

    private static bool IsSurrogatePairAt(ReadOnlySpan<char> text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]);
}
