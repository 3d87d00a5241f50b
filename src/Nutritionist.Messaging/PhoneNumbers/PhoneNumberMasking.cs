namespace Nutritionist.Messaging.PhoneNumbers;

/// <summary>Masks phone numbers for logs, metrics and traces: <c>+14155552671</c> becomes <c>+1415*****71</c>.</summary>
public static class PhoneNumberMasking
{
    /// <summary>Keeps the first five and the last two characters of a number and stars the rest.</summary>
    /// <param name="phoneNumber">The number (E.164 or as typed).</param>
    /// <returns>The masked number; <c>"(none)"</c> for <see langword="null"/> or empty; all stars for seven characters or fewer.</returns>
    public static string Mask(string? phoneNumber)
    {
        if (string.IsNullOrEmpty(phoneNumber))
        {
            return "(none)";
        }

        const int Head = 5;
        const int Tail = 2;
        if (phoneNumber.Length <= Head + Tail)
        {
            return new string('*', phoneNumber.Length);
        }

        return string.Create(phoneNumber.Length, phoneNumber, static (span, number) =>
        {
            number.AsSpan(0, Head).CopyTo(span);
            span[Head..^Tail].Fill('*');
            number.AsSpan(number.Length - Tail).CopyTo(span[^Tail..]);
        });
    }
}
