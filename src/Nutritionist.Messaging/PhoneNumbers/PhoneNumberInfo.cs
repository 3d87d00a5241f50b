using System.Diagnostics.CodeAnalysis;

namespace Nutritionist.Messaging.PhoneNumbers;

/// <summary>The result of reading a phone number: E.164, country and kind, or the reason it is not usable.</summary>
public sealed class PhoneNumberInfo
{
    private PhoneNumberInfo(string input, string? e164, string? regionCode, int countryCode, PhoneNumberKind kind, PhoneNumberError error, string? errorMessage)
    {
        Input = input;
        E164 = e164;
        RegionCode = regionCode;
        CountryCode = countryCode;
        Kind = kind;
        Error = error;
        ErrorMessage = errorMessage;
    }

    /// <summary>The text that was read.</summary>
    public string Input { get; }

    /// <summary><see langword="true"/> when the number is valid; <see cref="E164"/> is then set.</summary>
    [MemberNotNullWhen(true, nameof(E164))]
    [MemberNotNullWhen(false, nameof(ErrorMessage))]
    public bool IsValid => Error == PhoneNumberError.None;

    /// <summary>The number in E.164 (<c>+14155552671</c>).</summary>
    public string? E164 { get; }

    /// <summary>The ISO 3166-1 region the number belongs to (<c>"US"</c>), or <c>"001"</c> for non-geographic numbers.</summary>
    public string? RegionCode { get; }

    /// <summary>The country calling code (<c>1</c>, <c>44</c>), or 0 when unknown.</summary>
    public int CountryCode { get; }

    /// <summary>The kind of line.</summary>
    public PhoneNumberKind Kind { get; }

    /// <summary>Why the number is not usable, or <see cref="PhoneNumberError.None"/>.</summary>
    public PhoneNumberError Error { get; }

    /// <summary>An explanation that names the problem, when not valid.</summary>
    public string? ErrorMessage { get; }

    /// <summary>
    /// Whether the kind of line can usually receive SMS: everything but fixed lines, premium-rate, shared-cost and
    /// voicemail numbers.
    /// </summary>
    public bool CanReceiveSms => IsValid && Kind is not (PhoneNumberKind.FixedLine or PhoneNumberKind.PremiumRate or PhoneNumberKind.SharedCost or PhoneNumberKind.Voicemail);

    internal static PhoneNumberInfo Valid(string input, string e164, string? regionCode, int countryCode, PhoneNumberKind kind) =>
        new(input, e164, regionCode, countryCode, kind, PhoneNumberError.None, null);

    internal static PhoneNumberInfo Invalid(string input, PhoneNumberError error, string message, int countryCode = 0, string? regionCode = null) =>
        new(input, null, regionCode, countryCode, PhoneNumberKind.Unknown, error, message);

    /// <inheritdoc />
    public override string ToString() => IsValid ? E164 : $"{Error}: {ErrorMessage}";
}
