using System.Text.RegularExpressions;
using Nutritionist.Messaging.PhoneNumbers;

namespace Nutritionist.Messaging.Internal;

/// <summary>Masks phone numbers inside provider error texts ("The 'To' number +14155552671 is not valid") before they are logged.</summary>
internal static partial class LogRedaction
{
    public static string RedactPhoneNumbers(string text) =>
        text.Length < 6 ? text : PhoneLike().Replace(text, static m => PhoneNumberMasking.Mask(m.Value));

    [GeneratedRegex(@"\+?\d{6,}", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneLike();
}
