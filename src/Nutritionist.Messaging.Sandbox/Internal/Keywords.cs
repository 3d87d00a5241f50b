namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>The keywords AWS acts on itself for two-way SMS.</summary>
internal static class Keywords
{
    // AWS End User Messaging SMS puts a sender on the opt-out list when the message is one of its default opt-out keywords
    // (user guide, "Keywords"); the core pipeline still sees the message and records the opt-out on its side.
    private static readonly HashSet<string> AwsOptOut = new(StringComparer.OrdinalIgnoreCase)
    {
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "OPT-OUT", "REMOVE", "ARRET",
    };

    /// <summary>The first word of a message, upper case, or empty.</summary>
    public static string FirstWord(string body)
    {
        var trimmed = body.AsSpan().Trim();
        var end = trimmed.IndexOfAny(' ', '\t', '\n');
        var word = end < 0 ? trimmed : trimmed[..end];
        return word.ToString().ToUpperInvariant();
    }

    public static bool IsAwsOptOut(string keyword) => AwsOptOut.Contains(keyword);
}
