using System.Buffers;
using System.Collections.Frozen;

namespace Nutritionist.Messaging.Segments;

/// <summary>
/// Twilio's "Smart Encoding" substitutions: look-alike Unicode characters (curly quotes, dashes, full-width forms,
/// odd spaces) and the GSM-7 text that replaces them. Transcribed from TwilioDevEd/message-segment-calculator
/// <c>src/libs/SmartEncodingMap.ts</c> (MIT, Copyright (c) 2021 Twilio Inc).
/// </summary>
/// <remarks>
/// A test checks the 270 entries against <c>../shared/reference/segments/twilio-gsm7-tables.json</c>. The entries are
/// kept exactly as upstream has them, quirks included (U+2039 ‹ becomes <c>&gt;</c> and U+203A › becomes
/// <c>&lt;</c>; a tab becomes seven spaces), because the point is to predict what Twilio sends.
/// </remarks>
internal static class SmartEncodingMap
{
    /// <summary>The substitutions in upstream order.</summary>
    public static readonly (char From, string To)[] Entries =
    [
        ('\u00AB', "\""), // U+00AB LEFT-POINTING DOUBLE ANGLE QUOTATION MARK
        ('\u00BB', "\""), // U+00BB RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK
        ('\u201C', "\""), // U+201C LEFT DOUBLE QUOTATION MARK
        ('\u201D', "\""), // U+201D RIGHT DOUBLE QUOTATION MARK
        ('\u02BA', "\""), // U+02BA MODIFIER LETTER DOUBLE PRIME
        ('\u02EE', "\""), // U+02EE MODIFIER LETTER DOUBLE APOSTROPHE
        ('\u201F', "\""), // U+201F DOUBLE HIGH-REVERSED-9 QUOTATION MARK
        ('\u201E', "\""), // U+201E DOUBLE LOW-9 QUOTATION MARK
        ('\u275D', "\""), // U+275D HEAVY DOUBLE TURNED COMMA QUOTATION MARK ORNAMENT
        ('\u275E', "\""), // U+275E HEAVY DOUBLE COMMA QUOTATION MARK ORNAMENT
        ('\u301D', "\""), // U+301D REVERSED DOUBLE PRIME QUOTATION MARK
        ('\u301E', "\""), // U+301E DOUBLE PRIME QUOTATION MARK
        ('\uFF02', "\""), // U+FF02 FULLWIDTH QUOTATION MARK
        ('\u2018', "'"), // U+2018 LEFT SINGLE QUOTATION MARK
        ('\u2019', "'"), // U+2019 RIGHT SINGLE QUOTATION MARK
        ('\u02BB', "'"), // U+02BB MODIFIER LETTER TURNED COMMA
        ('\u02C8', "'"), // U+02C8 MODIFIER LETTER VERTICAL LINE
        ('\u02BC', "'"), // U+02BC MODIFIER LETTER APOSTROPHE
        ('\u02BD', "'"), // U+02BD MODIFIER LETTER REVERSED COMMA
        ('\u02B9', "'"), // U+02B9 MODIFIER LETTER PRIME
        ('\u201B', "'"), // U+201B SINGLE HIGH-REVERSED-9 QUOTATION MARK
        ('\uFF07', "'"), // U+FF07 FULLWIDTH APOSTROPHE
        ('\u00B4', "'"), // U+00B4 ACUTE ACCENT
        ('\u02CA', "'"), // U+02CA MODIFIER LETTER ACUTE ACCENT
        ('\u0060', "'"), // U+0060 GRAVE ACCENT
        ('\u02CB', "'"), // U+02CB MODIFIER LETTER GRAVE ACCENT
        ('\u275B', "'"), // U+275B HEAVY SINGLE TURNED COMMA QUOTATION MARK ORNAMENT
        ('\u275C', "'"), // U+275C HEAVY SINGLE COMMA QUOTATION MARK ORNAMENT
        ('\u0313', "'"), // U+0313 COMBINING COMMA ABOVE
        ('\u0314', "'"), // U+0314 COMBINING REVERSED COMMA ABOVE
        ('\uFE10', "'"), // U+FE10 PRESENTATION FORM FOR VERTICAL COMMA
        ('\uFE11', "'"), // U+FE11 PRESENTATION FORM FOR VERTICAL IDEOGRAPHIC COMMA
        ('\u00F7', "/"), // U+00F7 DIVISION SIGN
        ('\u00BC', "1/4"), // U+00BC VULGAR FRACTION ONE QUARTER
        ('\u00BD', "1/2"), // U+00BD VULGAR FRACTION ONE HALF
        ('\u00BE', "3/4"), // U+00BE VULGAR FRACTION THREE QUARTERS
        ('\u29F8', "/"), // U+29F8 BIG SOLIDUS
        ('\u0337', "/"), // U+0337 COMBINING SHORT SOLIDUS OVERLAY
        ('\u0338', "/"), // U+0338 COMBINING LONG SOLIDUS OVERLAY
        ('\u2044', "/"), // U+2044 FRACTION SLASH
        ('\u2215', "/"), // U+2215 DIVISION SLASH
        ('\uFF0F', "/"), // U+FF0F FULLWIDTH SOLIDUS
        ('\u29F9', "\\"), // U+29F9 BIG REVERSE SOLIDUS (one backslash, as upstream)
        ('\u29F5', "\\"), // U+29F5 REVERSE SOLIDUS OPERATOR (one backslash, as upstream)
        ('\u20E5', "\\"), // U+20E5 COMBINING REVERSE SOLIDUS OVERLAY (one backslash, as upstream)
        ('\uFE68', "\\"), // U+FE68 SMALL REVERSE SOLIDUS (one backslash, as upstream)
        ('\uFF3C', "\\"), // U+FF3C FULLWIDTH REVERSE SOLIDUS (one backslash, as upstream)
        ('\u0332', "_"), // U+0332 COMBINING LOW LINE
        ('\uFF3F', "_"), // U+FF3F FULLWIDTH LOW LINE
        ('\u20D2', "|"), // U+20D2 COMBINING LONG VERTICAL LINE OVERLAY
        ('\u20D3', "|"), // U+20D3 COMBINING SHORT VERTICAL LINE OVERLAY
        ('\u2223', "|"), // U+2223 DIVIDES
        ('\uFF5C', "|"), // U+FF5C FULLWIDTH VERTICAL LINE
        ('\u23B8', "|"), // U+23B8 LEFT VERTICAL BOX LINE
        ('\u23B9', "|"), // U+23B9 RIGHT VERTICAL BOX LINE
        ('\u23D0', "|"), // U+23D0 VERTICAL LINE EXTENSION
        ('\u239C', "|"), // U+239C LEFT PARENTHESIS EXTENSION
        ('\u239F', "|"), // U+239F RIGHT PARENTHESIS EXTENSION
        ('\u23BC', "-"), // U+23BC HORIZONTAL SCAN LINE-7
        ('\u23BD', "-"), // U+23BD HORIZONTAL SCAN LINE-9
        ('\u2015', "-"), // U+2015 HORIZONTAL BAR
        ('\uFE63', "-"), // U+FE63 SMALL HYPHEN-MINUS
        ('\uFF0D', "-"), // U+FF0D FULLWIDTH HYPHEN-MINUS
        ('\u2010', "-"), // U+2010 HYPHEN
        ('\u2043', "-"), // U+2043 HYPHEN BULLET
        ('\uFE6B', "@"), // U+FE6B SMALL COMMERCIAL AT
        ('\uFF20', "@"), // U+FF20 FULLWIDTH COMMERCIAL AT
        ('\uFE69', "$"), // U+FE69 SMALL DOLLAR SIGN
        ('\uFF04', "$"), // U+FF04 FULLWIDTH DOLLAR SIGN
        ('\u01C3', "!"), // U+01C3 LATIN LETTER RETROFLEX CLICK
        ('\uFE15', "!"), // U+FE15 PRESENTATION FORM FOR VERTICAL EXLAMATION MARK
        ('\uFE57', "!"), // U+FE57 SMALL EXCLAMATION MARK
        ('\uFF01', "!"), // U+FF01 FULLWIDTH EXCLAMATION MARK
        ('\uFE5F', "#"), // U+FE5F SMALL NUMBER SIGN
        ('\uFF03', "#"), // U+FF03 FULLWIDTH NUMBER SIGN
        ('\uFE6A', "%"), // U+FE6A SMALL PERCENT SIGN
        ('\uFF05', "%"), // U+FF05 FULLWIDTH PERCENT SIGN
        ('\uFE60', "&"), // U+FE60 SMALL AMPERSAND
        ('\uFF06', "&"), // U+FF06 FULLWIDTH AMPERSAND
        ('\u201A', ","), // U+201A SINGLE LOW-9 QUOTATION MARK
        ('\u0326', ","), // U+0326 COMBINING COMMA BELOW
        ('\uFE50', ","), // U+FE50 SMALL COMMA
        ('\uFE51', ","), // U+FE51 SMALL IDEOGRAPHIC COMMA
        ('\uFF0C', ","), // U+FF0C FULLWIDTH COMMA
        ('\uFF64', ","), // U+FF64 HALFWIDTH IDEOGRAPHIC COMMA
        ('\u2768', "("), // U+2768 MEDIUM LEFT PARENTHESIS ORNAMENT
        ('\u276A', "("), // U+276A MEDIUM FLATTENED LEFT PARENTHESIS ORNAMENT
        ('\uFE59', "("), // U+FE59 SMALL LEFT PARENTHESIS
        ('\uFF08', "("), // U+FF08 FULLWIDTH LEFT PARENTHESIS
        ('\u27EE', "("), // U+27EE MATHEMATICAL LEFT FLATTENED PARENTHESIS
        ('\u2985', "("), // U+2985 LEFT WHITE PARENTHESIS
        ('\u2769', ")"), // U+2769 MEDIUM RIGHT PARENTHESIS ORNAMENT
        ('\u276B', ")"), // U+276B MEDIUM FLATTENED RIGHT PARENTHESIS ORNAMENT
        ('\uFE5A', ")"), // U+FE5A SMALL RIGHT PARENTHESIS
        ('\uFF09', ")"), // U+FF09 FULLWIDTH RIGHT PARENTHESIS
        ('\u27EF', ")"), // U+27EF MATHEMATICAL RIGHT FLATTENED PARENTHESIS
        ('\u2986', ")"), // U+2986 RIGHT WHITE PARENTHESIS
        ('\u204E', "*"), // U+204E LOW ASTERISK
        ('\u2217', "*"), // U+2217 ASTERISK OPERATOR
        ('\u229B', "*"), // U+229B CIRCLED ASTERISK OPERATOR
        ('\u2722', "*"), // U+2722 FOUR TEARDROP-SPOKED ASTERISK
        ('\u2723', "*"), // U+2723 FOUR BALLOON-SPOKED ASTERISK
        ('\u2724', "*"), // U+2724 HEAVY FOUR BALLOON-SPOKED ASTERISK
        ('\u2725', "*"), // U+2725 FOUR CLUB-SPOKED ASTERISK
        ('\u2731', "*"), // U+2731 HEAVY ASTERISK
        ('\u2732', "*"), // U+2732 OPEN CENTRE ASTERISK
        ('\u2733', "*"), // U+2733 EIGHT SPOKED ASTERISK
        ('\u273A', "*"), // U+273A SIXTEEN POINTED ASTERISK
        ('\u273B', "*"), // U+273B TEARDROP-SPOKED ASTERISK
        ('\u273C', "*"), // U+273C OPEN CENTRE TEARDROP-SPOKED ASTERISK
        ('\u273D', "*"), // U+273D HEAVY TEARDROP-SPOKED ASTERISK
        ('\u2743', "*"), // U+2743 HEAVY TEARDROP-SPOKED PINWHEEL ASTERISK
        ('\u2749', "*"), // U+2749 BALLOON-SPOKED ASTERISK
        ('\u274A', "*"), // U+274A EIGHT TEARDROP-SPOKED PROPELLER ASTERISK
        ('\u274B', "*"), // U+274B HEAVY EIGHT TEARDROP-SPOKED PROPELLER ASTERISK
        ('\u29C6', "*"), // U+29C6 SQUARED ASTERISK
        ('\uFE61', "*"), // U+FE61 SMALL ASTERISK
        ('\uFF0A', "*"), // U+FF0A FULLWIDTH ASTERISK
        ('\u02D6', "+"), // U+02D6 MODIFIER LETTER PLUS SIGN
        ('\uFE62', "+"), // U+FE62 SMALL PLUS SIGN
        ('\uFF0B', "+"), // U+FF0B FULLWIDTH PLUS SIGN
        ('\u3002', "."), // U+3002 IDEOGRAPHIC FULL STOP
        ('\uFE52', "."), // U+FE52 SMALL FULL STOP
        ('\uFF0E', "."), // U+FF0E FULLWIDTH FULL STOP
        ('\uFF61', "."), // U+FF61 HALFWIDTH IDEOGRAPHIC FULL STOP
        ('\uFF10', "0"), // U+FF10 FULLWIDTH DIGIT ZERO
        ('\uFF11', "1"), // U+FF11 FULLWIDTH DIGIT ONE
        ('\uFF12', "2"), // U+FF12 FULLWIDTH DIGIT TWO
        ('\uFF13', "3"), // U+FF13 FULLWIDTH DIGIT THREE
        ('\uFF14', "4"), // U+FF14 FULLWIDTH DIGIT FOUR
        ('\uFF15', "5"), // U+FF15 FULLWIDTH DIGIT FIVE
        ('\uFF16', "6"), // U+FF16 FULLWIDTH DIGIT SIX
        ('\uFF17', "7"), // U+FF17 FULLWIDTH DIGIT SEVEN
        ('\uFF18', "8"), // U+FF18 FULLWIDTH DIGIT EIGHT
        ('\uFF19', "9"), // U+FF19 FULLWIDTH DIGIT NINE
        ('\u02D0', ":"), // U+02D0 MODIFIER LETTER TRIANGULAR COLON
        ('\u02F8', ":"), // U+02F8 MODIFIER LETTER RAISED COLON
        ('\u2982', ":"), // U+2982 Z NOTATION TYPE COLON
        ('\uA789', ":"), // U+A789 MODIFIER LETTER COLON
        ('\uFE13', ":"), // U+FE13 PRESENTATION FORM FOR VERTICAL COLON
        ('\uFF1A', ":"), // U+FF1A FULLWIDTH COLON
        ('\u204F', ";"), // U+204F REVERSED SEMICOLON
        ('\uFE14', ";"), // U+FE14 PRESENTATION FORM FOR VERTICAL SEMICOLON
        ('\uFE54', ";"), // U+FE54 SMALL SEMICOLON
        ('\uFF1B', ";"), // U+FF1B FULLWIDTH SEMICOLON
        ('\uFE64', "<"), // U+FE64 SMALL LESS-THAN SIGN
        ('\uFF1C', "<"), // U+FF1C FULLWIDTH LESS-THAN SIGN
        ('\u0347', "="), // U+0347 COMBINING EQUALS SIGN BELOW
        ('\uA78A', "="), // U+A78A MODIFIER LETTER SHORT EQUALS SIGN
        ('\uFE66', "="), // U+FE66 SMALL EQUALS SIGN
        ('\uFF1D', "="), // U+FF1D FULLWIDTH EQUALS SIGN
        ('\uFE65', ">"), // U+FE65 SMALL GREATER-THAN SIGN
        ('\uFF1E', ">"), // U+FF1E FULLWIDTH GREATER-THAN SIGN
        ('\uFE16', "?"), // U+FE16 PRESENTATION FORM FOR VERTICAL QUESTION MARK
        ('\uFE56', "?"), // U+FE56 SMALL QUESTION MARK
        ('\uFF1F', "?"), // U+FF1F FULLWIDTH QUESTION MARK
        ('\uFF21', "A"), // U+FF21 FULLWIDTH LATIN CAPITAL LETTER A
        ('\u1D00', "A"), // U+1D00 LATIN LETTER SMALL CAPITAL A
        ('\uFF22', "B"), // U+FF22 FULLWIDTH LATIN CAPITAL LETTER B
        ('\u0299', "B"), // U+0299 LATIN LETTER SMALL CAPITAL B
        ('\uFF23', "C"), // U+FF23 FULLWIDTH LATIN CAPITAL LETTER C
        ('\u1D04', "C"), // U+1D04 LATIN LETTER SMALL CAPITAL C
        ('\uFF24', "D"), // U+FF24 FULLWIDTH LATIN CAPITAL LETTER D
        ('\u1D05', "D"), // U+1D05 LATIN LETTER SMALL CAPITAL D
        ('\uFF25', "E"), // U+FF25 FULLWIDTH LATIN CAPITAL LETTER E
        ('\u1D07', "E"), // U+1D07 LATIN LETTER SMALL CAPITAL E
        ('\uFF26', "F"), // U+FF26 FULLWIDTH LATIN CAPITAL LETTER F
        ('\uA730', "F"), // U+A730 LATIN LETTER SMALL CAPITAL F
        ('\uFF27', "G"), // U+FF27 FULLWIDTH LATIN CAPITAL LETTER G
        ('\u0262', "G"), // U+0262 LATIN LETTER SMALL CAPITAL G
        ('\uFF28', "H"), // U+FF28 FULLWIDTH LATIN CAPITAL LETTER H
        ('\u029C', "H"), // U+029C LATIN LETTER SMALL CAPITAL H
        ('\uFF29', "I"), // U+FF29 FULLWIDTH LATIN CAPITAL LETTER I
        ('\u026A', "I"), // U+026A LATIN LETTER SMALL CAPITAL I
        ('\uFF2A', "J"), // U+FF2A FULLWIDTH LATIN CAPITAL LETTER J
        ('\u1D0A', "J"), // U+1D0A LATIN LETTER SMALL CAPITAL J
        ('\uFF2B', "K"), // U+FF2B FULLWIDTH LATIN CAPITAL LETTER K
        ('\u1D0B', "K"), // U+1D0B LATIN LETTER SMALL CAPITAL K
        ('\uFF2C', "L"), // U+FF2C FULLWIDTH LATIN CAPITAL LETTER L
        ('\u029F', "L"), // U+029F LATIN LETTER SMALL CAPITAL L
        ('\uFF2D', "M"), // U+FF2D FULLWIDTH LATIN CAPITAL LETTER M
        ('\u1D0D', "M"), // U+1D0D LATIN LETTER SMALL CAPITAL M
        ('\uFF2E', "N"), // U+FF2E FULLWIDTH LATIN CAPITAL LETTER N
        ('\u0274', "N"), // U+0274 LATIN LETTER SMALL CAPITAL N
        ('\uFF2F', "O"), // U+FF2F FULLWIDTH LATIN CAPITAL LETTER O
        ('\u1D0F', "O"), // U+1D0F LATIN LETTER SMALL CAPITAL O
        ('\uFF30', "P"), // U+FF30 FULLWIDTH LATIN CAPITAL LETTER P
        ('\u1D18', "P"), // U+1D18 LATIN LETTER SMALL CAPITAL P
        ('\uFF31', "Q"), // U+FF31 FULLWIDTH LATIN CAPITAL LETTER Q
        ('\uFF32', "R"), // U+FF32 FULLWIDTH LATIN CAPITAL LETTER R
        ('\u0280', "R"), // U+0280 LATIN LETTER SMALL CAPITAL R
        ('\uFF33', "S"), // U+FF33 FULLWIDTH LATIN CAPITAL LETTER S
        ('\uA731', "S"), // U+A731 LATIN LETTER SMALL CAPITAL S
        ('\uFF34', "T"), // U+FF34 FULLWIDTH LATIN CAPITAL LETTER T
        ('\u1D1B', "T"), // U+1D1B LATIN LETTER SMALL CAPITAL T
        ('\uFF35', "U"), // U+FF35 FULLWIDTH LATIN CAPITAL LETTER U
        ('\u1D1C', "U"), // U+1D1C LATIN LETTER SMALL CAPITAL U
        ('\uFF36', "V"), // U+FF36 FULLWIDTH LATIN CAPITAL LETTER V
        ('\u1D20', "V"), // U+1D20 LATIN LETTER SMALL CAPITAL V
        ('\uFF37', "W"), // U+FF37 FULLWIDTH LATIN CAPITAL LETTER W
        ('\u1D21', "W"), // U+1D21 LATIN LETTER SMALL CAPITAL W
        ('\uFF38', "X"), // U+FF38 FULLWIDTH LATIN CAPITAL LETTER X
        ('\uFF39', "Y"), // U+FF39 FULLWIDTH LATIN CAPITAL LETTER Y
        ('\u028F', "Y"), // U+028F LATIN LETTER SMALL CAPITAL Y
        ('\uFF3A', "Z"), // U+FF3A FULLWIDTH LATIN CAPITAL LETTER Z
        ('\u1D22', "Z"), // U+1D22 LATIN LETTER SMALL CAPITAL Z
        ('\u02C6', "^"), // U+02C6 MODIFIER LETTER CIRCUMFLEX ACCENT
        ('\u0302', "^"), // U+0302 COMBINING CIRCUMFLEX ACCENT
        ('\uFF3E', "^"), // U+FF3E FULLWIDTH CIRCUMFLEX ACCENT
        ('\u1DCD', "^"), // U+1DCD COMBINING DOUBLE CIRCUMFLEX ABOVE
        ('\u2774', "{"), // U+2774 MEDIUM LEFT CURLY BRACKET ORNAMENT
        ('\uFE5B', "{"), // U+FE5B SMALL LEFT CURLY BRACKET
        ('\uFF5B', "{"), // U+FF5B FULLWIDTH LEFT CURLY BRACKET
        ('\u2775', "}"), // U+2775 MEDIUM RIGHT CURLY BRACKET ORNAMENT
        ('\uFE5C', "}"), // U+FE5C SMALL RIGHT CURLY BRACKET
        ('\uFF5D', "}"), // U+FF5D FULLWIDTH RIGHT CURLY BRACKET
        ('\uFF3B', "["), // U+FF3B FULLWIDTH LEFT SQUARE BRACKET
        ('\uFF3D', "]"), // U+FF3D FULLWIDTH RIGHT SQUARE BRACKET
        ('\u02DC', "~"), // U+02DC SMALL TILDE
        ('\u02F7', "~"), // U+02F7 MODIFIER LETTER LOW TILDE
        ('\u0303', "~"), // U+0303 COMBINING TILDE
        ('\u0330', "~"), // U+0330 COMBINING TILDE BELOW
        ('\u0334', "~"), // U+0334 COMBINING TILDE OVERLAY
        ('\u223C', "~"), // U+223C TILDE OPERATOR
        ('\uFF5E', "~"), // U+FF5E FULLWIDTH TILDE
        ('\u00A0', "  "), // U+00A0 NO-BREAK SPACE
        ('\u2000', "  "), // U+2000 EN QUAD
        ('\u2002', "  "), // U+2002 EN SPACE
        ('\u2003', "  "), // U+2003 EM SPACE
        ('\u2004', "  "), // U+2004 THREE-PER-EM SPACE
        ('\u2005', "  "), // U+2005 FOUR-PER-EM SPACE
        ('\u2006', "  "), // U+2006 SIX-PER-EM SPACE
        ('\u2007', "  "), // U+2007 FIGURE SPACE
        ('\u2008', "  "), // U+2008 PUNCTUATION SPACE
        ('\u2009', "  "), // U+2009 THIN SPACE
        ('\u200A', "  "), // U+200A HAIR SPACE
        ('\u202F', "  "), // U+202F NARROW NO-BREAK SPACE
        ('\u205F', "  "), // U+205F MEDIUM MATHEMATICAL SPACE
        ('\u3000', "  "), // U+3000 IDEOGRAHPIC SPACE
        ('\u008D', "  "), // U+008D REVERSE LINE FEED (standard LF looks like \n, this looks like a space)
        ('\u009F', "  "), // U+009F <control>
        ('\u0080', "  "), // U+0080 C1 CONTROL CODES
        ('\u0090', "  "), // U+0090 DEVICE CONTROL STRING
        ('\u009B', "  "), // U+009B CONTROL SEQUENCE INTRODUCER
        ('\u0010', ""), // U+0010 ESCAPE, DATA LINK (not visible)
        ('\u0009', "       "), // U+0009 TAB (7 spaces based on print statement in Python interpreter)
        ('\u0000', ""), // U+0000 NULL
        ('\u0003', ""), // U+0003 END OF TEXT
        ('\u0004', ""), // U+0004 END OF TRANSMISSION
        ('\u0017', ""), // U+0017 END OF TRANSMISSION BLOCK
        ('\u0019', ""), // U+0019 END OF MEDIUM
        ('\u0011', ""), // U+0011 DEVICE CONTROL ONE
        ('\u0012', ""), // U+0012 DEVICE CONTROL TWO
        ('\u0013', ""), // U+0013 DEVICE CONTROL THREE
        ('\u0014', ""), // U+0014 DEVICE CONTROL FOUR
        ('\u2060', ""), // U+2060 WORD JOINER
        ('\u2017', "_"), // U+2017 DOUBLE LOW LINE
        ('\u2014', "-"), // U+2014 EM DASH
        ('\u2013', "-"), // U+2013 EN DASH
        ('\u2039', ">"), // U+2039 Single left-pointing angle quotation mark
        ('\u203A', "<"), // U+203A Single right-pointing angle quotation mark
        ('\u203C', "!!"), // U+203C Double exclamation mark
        ('\u2028', " "), // U+2028 Whitespace: Line Separator
        ('\u2029', " "), // U+2029 Whitespace: Paragraph Separator
        ('\u2026', "..."), // U+2026 Whitespace: Narrow No-Break Space
        ('\u2001', " "), // U+2001 Whitespace: Medium Mathematical Space
        ('\u200B', ""), // U+200B ZERO WIDTH SPACE
        ('\u3001', ","), // U+3001 IDEOGRAPHIC COMMA
        ('\uFEFF', ""), // U+FEFF ZERO WIDTH NO-BREAK SPACE
        ('\u2022', "-"), // U+2022 Bullet
    ];

    /// <summary>Every character that has a substitution, for a vectorised search.</summary>
    public static readonly SearchValues<char> Keys = SearchValues.Create(BuildKeys());

    private static readonly FrozenDictionary<char, string> Map = Entries.ToFrozenDictionary(e => e.From, e => e.To);

    /// <summary>Looks up the replacement for <paramref name="c"/>.</summary>
    public static bool TryGetReplacement(char c, out string replacement) => Map.TryGetValue(c, out replacement!);

    private static string BuildKeys()
    {
        var keys = new char[Entries.Length];
        for (var i = 0; i < Entries.Length; i++)
        {
            keys[i] = Entries[i].From;
        }

        return new string(keys);
    }
}
