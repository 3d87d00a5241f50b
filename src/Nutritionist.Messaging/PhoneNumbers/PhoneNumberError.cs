namespace Nutritionist.Messaging.PhoneNumbers;

/// <summary>Why a phone number could not be used.</summary>
public enum PhoneNumberError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input was empty or white space.</summary>
    Empty,

    /// <summary>The input does not look like a phone number (letters, symbols).</summary>
    NotANumber,

    /// <summary>
    /// The country could not be told: the number has no <c>+</c> or <c>00</c> country code and no default region is
    /// set, or the country code does not exist.
    /// </summary>
    InvalidCountryCode,

    /// <summary>Too few digits for the country.</summary>
    TooShort,

    /// <summary>Too many digits for the country.</summary>
    TooLong,

    /// <summary>A possible length, but not a number the country's numbering plan assigns.</summary>
    InvalidNumber,
}
