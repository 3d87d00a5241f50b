namespace Nutritionist.Messaging.Inbound;

/// <summary>What an inbound message's keyword asked for.</summary>
public enum KeywordKind
{
    /// <summary>No keyword: an ordinary message.</summary>
    None = 0,

    /// <summary>Stop messaging me.</summary>
    OptOut,

    /// <summary>Start messaging me again.</summary>
    OptIn,

    /// <summary>Help.</summary>
    Help,
}
