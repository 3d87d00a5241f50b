namespace Nutritionist.Messaging.Inbound;

/// <summary>
/// The keywords that opt people out, back in, or ask for help, and the replies sent for them. Matching ignores case and
/// surrounding white space, and inner runs of white space count as one space (<c>"stop all"</c> = <c>"STOP ALL"</c>).
/// </summary>
public sealed class KeywordOptions
{
    /// <summary>Keywords that opt the sender out. Defaults follow the CTIA and AWS sets.</summary>
    public HashSet<string> OptOut { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        "STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "OPT OUT", "OPT-OUT", "REVOKE", "ARRET",
    };

    /// <summary>Keywords that opt the sender back in.</summary>
    public HashSet<string> OptIn { get; set; } = new(StringComparer.OrdinalIgnoreCase) { "START", "UNSTOP", "YES", "OPTIN", "OPT IN" };

    /// <summary>Keywords that ask for help.</summary>
    public HashSet<string> Help { get; set; } = new(StringComparer.OrdinalIgnoreCase) { "HELP", "INFO" };

    /// <summary>The reply to an opt-out. <see langword="null"/> or empty sends none.</summary>
    public string? OptOutReply { get; set; } = "You have been unsubscribed and will receive no more messages. Reply START to resubscribe.";

    /// <summary>The reply to an opt-in.</summary>
    public string? OptInReply { get; set; } = "You are subscribed again. Reply STOP to unsubscribe.";

    /// <summary>The reply to a help request.</summary>
    public string? HelpReply { get; set; } = "Reply STOP to unsubscribe, START to resubscribe.";

    /// <summary>
    /// Whether the SMS phone pool uses self-managed opt-outs. When <see langword="false"/> (the default) AWS answers
    /// SMS keywords itself and the library only records them; when <see langword="true"/> the library also replies.
    /// WhatsApp keywords are always answered by the library.
    /// </summary>
    public bool SelfManagedSmsOptOuts { get; set; }
}
