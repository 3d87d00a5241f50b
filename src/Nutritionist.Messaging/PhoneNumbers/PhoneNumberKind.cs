namespace Nutritionist.Messaging.PhoneNumbers;

/// <summary>The kind of line a number belongs to, as libphonenumber's metadata says.</summary>
public enum PhoneNumberKind
{
    /// <summary>Not known.</summary>
    Unknown = 0,

    /// <summary>A mobile number.</summary>
    Mobile,

    /// <summary>A fixed (landline) number; most cannot receive SMS.</summary>
    FixedLine,

    /// <summary>Either, where the numbering plan does not tell them apart (the United States and Canada).</summary>
    FixedLineOrMobile,

    /// <summary>A toll-free number.</summary>
    TollFree,

    /// <summary>A premium-rate number.</summary>
    PremiumRate,

    /// <summary>A shared-cost number.</summary>
    SharedCost,

    /// <summary>A voice-over-IP number.</summary>
    Voip,

    /// <summary>A personal number routed to another line.</summary>
    PersonalNumber,

    /// <summary>A pager.</summary>
    Pager,

    /// <summary>A universal access number.</summary>
    Uan,

    /// <summary>A voicemail access number.</summary>
    Voicemail,
}
