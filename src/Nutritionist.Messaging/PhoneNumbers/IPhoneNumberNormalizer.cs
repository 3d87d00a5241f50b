namespace Nutritionist.Messaging.PhoneNumbers;

/// <summary>Reads phone numbers in the formats people type and returns them in E.164.</summary>
/// <remarks>The library's implementation uses libphonenumber, caches results in a bounded cache and is thread-safe.</remarks>
public interface IPhoneNumberNormalizer
{
    /// <summary>Reads a phone number.</summary>
    /// <param name="input">
    /// The number: <c>+1 415 555 2671</c>, <c>(415) 555-2671</c> (with a default region), <c>0044 20 7946 0958</c>,
    /// <c>whatsapp:+14155552671</c>.
    /// </param>
    /// <param name="defaultRegion">
    /// The ISO 3166-1 region used for national numbers; <see langword="null"/> uses <see cref="MessagingOptions.DefaultRegion"/>.
    /// </param>
    /// <returns>The E.164 number with its region and kind, or the reason it is not usable.</returns>
    PhoneNumberInfo Normalize(string input, string? defaultRegion = null);
}
