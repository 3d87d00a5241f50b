using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nutritionist.Messaging.Formatting;

/// <summary>
/// WhatsApp's text markup: <c>*bold*</c>, <c>_italic_</c>, <c>~strikethrough~</c>, <c>```monospace```</c>,
/// <c>`inline code`</c>, <c>&gt; quote</c>, bulleted and numbered lists; and <see cref="ToPlainText"/> to strip it for SMS.
/// </summary>
/// <remarks>
/// WhatsApp has no escape character, so text that itself contains a marker may render differently from what was meant.
/// The span helpers put leading and trailing white space outside the markers (WhatsApp ignores <c>* bold *</c>) and mark
/// each line on its own, because bold, italic, strikethrough and inline code do not span line breaks.
/// All members are thread-safe.
/// </remarks>
public static partial class WhatsAppFormatting
{
    private const string Fence = "```";

    /// <summary>Makes <paramref name="text"/> bold: <c>*text*</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The marked-up text; white space alone is returned unchanged.</returns>
    public static string Bold(string text) => WrapLines(text, "*");

    /// <summary>Makes <paramref name="text"/> italic: <c>_text_</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The marked-up text; white space alone is returned unchanged.</returns>
    public static string Italic(string text) => WrapLines(text, "_");

    /// <summary>Strikes <paramref name="text"/> through: <c>~text~</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The marked-up text; white space alone is returned unchanged.</returns>
    public static string Strikethrough(string text) => WrapLines(text, "~");

    /// <summary>Shows <paramref name="text"/> (which may span lines) in a monospace block: <c>```text```</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The marked-up text.</returns>
    public static string Monospace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Fence + text + Fence;
    }

    /// <summary>Shows <paramref name="text"/> as inline code: <c>`text`</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The marked-up text; white space alone is returned unchanged.</returns>
    public static string InlineCode(string text) => WrapLines(text, "`");

    /// <summary>Quotes <paramref name="text"/>: every line starts with <c>&gt; </c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The quoted text.</returns>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join('\n', SplitLines(text).Select(static line => "> " + line));
    }

    /// <summary>A bulleted list: one <c>- item</c> line per item.</summary>
    /// <param name="items">The items; each should be one line.</param>
    /// <returns>The list, lines separated by <c>\n</c>.</returns>
    public static string BulletList(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return string.Join('\n', items.Select(static item => "- " + item));
    }

    /// <summary>A bulleted list: one <c>- item</c> line per item.</summary>
    /// <param name="items">The items; each should be one line.</param>
    /// <returns>The list, lines separated by <c>\n</c>.</returns>
    public static string BulletList(params string[] items) => BulletList((IEnumerable<string>)items);

    /// <summary>A numbered list: <c>1. item</c>, <c>2. item</c>, ….</summary>
    /// <param name="items">The items; each should be one line.</param>
    /// <returns>The list, lines separated by <c>\n</c>.</returns>
    public static string NumberedList(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return string.Join('\n', items.Select(static (item, i) => (i + 1).ToString(CultureInfo.InvariantCulture) + ". " + item));
    }

    /// <summary>A numbered list: <c>1. item</c>, <c>2. item</c>, ….</summary>
    /// <param name="items">The items; each should be one line.</param>
    /// <returns>The list, lines separated by <c>\n</c>.</returns>
    public static string NumberedList(params string[] items) => NumberedList((IEnumerable<string>)items);

    /// <summary>
    /// Removes WhatsApp markup, for a message that falls back to SMS: bold, italic, strikethrough, monospace and inline-code
    /// markers and quote prefixes go; the text inside code stays verbatim; list lines stay as they are (<c>- item</c>,
    /// <c>1. item</c> read well as plain text). Markers that WhatsApp would not render (<c>2*3*4</c>, <c>* a *</c>) are kept.
    /// </summary>
    /// <param name="text">WhatsApp text.</param>
    /// <returns>The plain text.</returns>
    public static string ToPlainText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf(Fence, position, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf(Fence, open + Fence.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                result.Append(StripInline(text[position..]));
                break;
            }

            result.Append(StripInline(text[position..open]));
            result.Append(text, open + Fence.Length, close - open - Fence.Length);
            position = close + Fence.Length;
        }

        return result.ToString();
    }

    private static string StripInline(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var lines = SplitLines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = QuotePrefix().Replace(lines[i], string.Empty);

            // Inline code first, and its content is protected from the other markers.
            var codes = new List<string>();
            line = InlineCodeSpan().Replace(line, m =>
            {
                codes.Add(m.Groups["c"].Value);
                return "\u0000" + (codes.Count - 1).ToString(CultureInfo.InvariantCulture) + "\u0000";
            });

            // Nested markup (*_x_*) needs a pass per level; a handful is plenty.
            for (var pass = 0; pass < 4; pass++)
            {
                var stripped = EmphasisSpan().Replace(line, static m => m.Groups["c"].Value);
                if (stripped == line)
                {
                    break;
                }

                line = stripped;
            }

            lines[i] = Placeholder().Replace(line, m => codes[int.Parse(m.Groups["i"].ValueSpan, CultureInfo.InvariantCulture)]);
        }

        return string.Join('\n', lines);
    }

    private static string WrapLines(string text, string marker)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join('\n', SplitLines(text).Select(line => Wrap(line, marker)));
    }

    private static string Wrap(string line, string marker)
    {
        var start = 0;
        var end = line.Length;
        while (start < end && char.IsWhiteSpace(line[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(line[end - 1]))
        {
            end--;
        }

        return start == end ? line : line[..start] + marker + line[start..end] + marker + line[end..];
    }

    private static string[] SplitLines(string text) => text.ReplaceLineEndings("\n").Split('\n');

    [GeneratedRegex(@"^> ?", RegexOptions.CultureInvariant)]
    private static partial Regex QuotePrefix();

    [GeneratedRegex(@"`(?<c>[^`\s](?:[^`]*[^`\s])?)`", RegexOptions.CultureInvariant)]
    private static partial Regex InlineCodeSpan();

    // A marker opens after the start or a non-alphanumeric character, closes before the end or one, and hugs its text.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<m>[*_~])(?<c>[^\s*_~](?:.*?[^\s])?)\k<m>(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex EmphasisSpan();

    [GeneratedRegex("\u0000(?<i>[0-9]+)\u0000", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
