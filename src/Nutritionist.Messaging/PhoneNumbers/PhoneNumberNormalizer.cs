using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Internal;
using PhoneNumbers;

namespace Nutritionist.Messaging.PhoneNumbers;

/// <summary>The libphonenumber-backed <see cref="IPhoneNumberNormalizer"/>.</summary>
/// <remarks>Thread-safe. Results are cached per default region in a bounded cache (<see cref="MessagingOptions.PhoneNumberCacheSize"/>).</remarks>
public sealed class PhoneNumberNormalizer : IPhoneNumberNormalizer
{
    private const string WhatsAppPrefix = "whatsapp:";

    private readonly string? _defaultRegion;
    private readonly BoundedCache<(string Region, string Input), PhoneNumberInfo> _cache;

    /// <summary>Creates a normalizer.</summary>
    /// <param name="defaultRegion">The ISO 3166-1 region used for national numbers, or <see langword="null"/> to require international format.</param>
    /// <param name="cacheSize">How many results to keep per cache generation.</param>
    public PhoneNumberNormalizer(string? defaultRegion = null, int cacheSize = MessagingOptions.DefaultPhoneNumberCacheSize)
    {
        _defaultRegion = string.IsNullOrWhiteSpace(defaultRegion) ? null : defaultRegion.Trim().ToUpperInvariant();
        _cache = new BoundedCache<(string, string), PhoneNumberInfo>(cacheSize);
    }

    /// <summary>Creates a normalizer from the messaging options.</summary>
    /// <param name="options">The options.</param>
    public PhoneNumberNormalizer(IOptions<MessagingOptions> options)
        : this(options?.Value.DefaultRegion, options?.Value.PhoneNumberCacheSize ?? MessagingOptions.DefaultPhoneNumberCacheSize)
    {
    }

    // libphonenumber loads its metadata on first use; keep that off the start-up path.
    private static PhoneNumberUtil Util => PhoneNumberUtil.GetInstance();

    /// <inheritdoc />
    public PhoneNumberInfo Normalize(string input, string? defaultRegion = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var region = defaultRegion ?? _defaultRegion ?? string.Empty;
        var key = (region, input);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = Parse(input, region.Length == 0 ? null : region.ToUpperInvariant());
        _cache.Add(key, result);
        return result;
    }

    private static PhoneNumberInfo Parse(string input, string? region)
    {
        var text = input.AsSpan().Trim();
        if (text.StartsWith(WhatsAppPrefix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[WhatsAppPrefix.Length..].Trim();
        }

        if (text.IsEmpty)
        {
            return PhoneNumberInfo.Invalid(input, PhoneNumberError.Empty, "The phone number is empty.");
        }

        var candidate = text.ToString();
        var first = TryParse(input, candidate, region);

        // "00" is the international prefix in most of the world but not in the default region's plan (or there is
        // no default region): read it as "+".
        if (!first.IsValid && candidate.StartsWith("00", StringComparison.Ordinal))
        {
            var international = TryParse(input, string.Concat("+", candidate.AsSpan(2)), region);
            if (international.IsValid)
            {
                return international;
            }
        }

        return first;
    }

    private static PhoneNumberInfo TryParse(string input, string candidate, string? region)
    {
        PhoneNumber number;
        try
        {
            number = Util.Parse(candidate, region);
        }
        catch (NumberParseException e)
        {
            return e.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE when region is null && !candidate.StartsWith('+') =>
                    PhoneNumberInfo.Invalid(input, PhoneNumberError.InvalidCountryCode, "The phone number has no country code (+…) and no default region is configured (MessagingOptions.DefaultRegion)."),
                ErrorType.INVALID_COUNTRY_CODE =>
                    PhoneNumberInfo.Invalid(input, PhoneNumberError.InvalidCountryCode, "The phone number's country code does not exist."),
                ErrorType.TOO_SHORT_AFTER_IDD or ErrorType.TOO_SHORT_NSN =>
                    PhoneNumberInfo.Invalid(input, PhoneNumberError.TooShort, "The phone number has too few digits."),
                ErrorType.TOO_LONG =>
                    PhoneNumberInfo.Invalid(input, PhoneNumberError.TooLong, "The phone number has too many digits."),
                _ => PhoneNumberInfo.Invalid(input, PhoneNumberError.NotANumber, "The text is not a phone number."),
            };
        }

        var countryCode = number.CountryCode;
        var regionCode = Util.GetRegionCodeForNumber(number);

        // Letters are read as keypad digits by libphonenumber ("1-800-FLOWERS"); a messaging recipient never has them.
        if (ContainsLetters(candidate))
        {
            return PhoneNumberInfo.Invalid(input, PhoneNumberError.NotANumber, "The phone number contains letters.", countryCode, regionCode);
        }

        switch (Util.IsPossibleNumberWithReason(number))
        {
            case PhoneNumberUtil.ValidationResult.TOO_SHORT:
                return PhoneNumberInfo.Invalid(input, PhoneNumberError.TooShort, $"The phone number has too few digits for country code +{countryCode}.", countryCode, regionCode);
            case PhoneNumberUtil.ValidationResult.TOO_LONG:
                return PhoneNumberInfo.Invalid(input, PhoneNumberError.TooLong, $"The phone number has too many digits for country code +{countryCode}.", countryCode, regionCode);
            case PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE:
                return PhoneNumberInfo.Invalid(input, PhoneNumberError.InvalidCountryCode, $"Country code +{countryCode} does not exist.", countryCode);
            case PhoneNumberUtil.ValidationResult.INVALID_LENGTH:
                return PhoneNumberInfo.Invalid(input, PhoneNumberError.InvalidNumber, $"The phone number's length is not used by country code +{countryCode}.", countryCode, regionCode);
            case PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
                return PhoneNumberInfo.Invalid(input, PhoneNumberError.TooShort, "The phone number is a local number without its area code.", countryCode, regionCode);
        }

        if (!Util.IsValidNumber(number))
        {
            return PhoneNumberInfo.Invalid(input, PhoneNumberError.InvalidNumber, $"The phone number is not assigned in the numbering plan of country code +{countryCode}.", countryCode, regionCode);
        }

        var e164 = Util.Format(number, PhoneNumberFormat.E164);
        return PhoneNumberInfo.Valid(input, e164, regionCode, countryCode, MapKind(Util.GetNumberType(number)));
    }

    private static bool ContainsLetters(string candidate)
    {
        foreach (var c in candidate)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    private static PhoneNumberKind MapKind(PhoneNumberType type) => type switch
    {
        PhoneNumberType.MOBILE => PhoneNumberKind.Mobile,
        PhoneNumberType.FIXED_LINE => PhoneNumberKind.FixedLine,
        PhoneNumberType.FIXED_LINE_OR_MOBILE => PhoneNumberKind.FixedLineOrMobile,
        PhoneNumberType.TOLL_FREE => PhoneNumberKind.TollFree,
        PhoneNumberType.PREMIUM_RATE => PhoneNumberKind.PremiumRate,
        PhoneNumberType.SHARED_COST => PhoneNumberKind.SharedCost,
        PhoneNumberType.VOIP => PhoneNumberKind.Voip,
        PhoneNumberType.PERSONAL_NUMBER => PhoneNumberKind.PersonalNumber,
        PhoneNumberType.PAGER => PhoneNumberKind.Pager,
        PhoneNumberType.UAN => PhoneNumberKind.Uan,
        PhoneNumberType.VOICEMAIL => PhoneNumberKind.Voicemail,
        _ => PhoneNumberKind.Unknown,
    };
}
