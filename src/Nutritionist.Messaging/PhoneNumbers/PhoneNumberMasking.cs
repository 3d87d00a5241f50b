namespace Nutritionist.Messaging.PhoneNumbers;

/// <summary>Masks phone numbers for logs, metrics and traces: <c>+14155552671</c> becomes <c>+1415*****71</c>.</summary>
public static class PhoneNumberMasking
{
    /// <summary>Keeps at most the first five and the last two characters of a number and stars the rest, hiding at least five.</summary>
    /// <param name="phoneNumber">The number (E.164 or as typed).</param>
    /// <returns>The masked number; <c>"(none)"</c> for <see langword="null"/> or empty; all stars for seven characters or fewer.</returns>
    public static string Mask(string? phoneNumber)
    {
        if (string.IsNullOrEmpty(phoneNumber))
        {
            return "(none)";
        }

        // Keep at most the country prefix (5 characters) and the last 2, and always hide at least 5 characters.
        const int Tail = 2;
        const int MinimumHidden = 5;
        var hidden = Math.Max(MinimumHidden, phoneNumber.Length - 5 - Tail);
        var head = phoneNumber.Length - Tail - hidden;
        if (head < 1)
        {
            return new string('*', phoneNumber.Length);
        }

        return string.Create(phoneNumber.Length, (phoneNumber, head), static (span, state) =>
        {
            var (number, head) = state;
            number.AsSpan(0, head).CopyTo(span);
            span[head..^Tail].Fill('*');
            number.AsSpan(number.Length - Tail).CopyTo(span[^Tail..]);
        });
    }
}
