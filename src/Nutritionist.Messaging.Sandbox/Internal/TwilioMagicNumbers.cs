namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// Twilio's magic test numbers for sending messages with test credentials, honoured by the sandbox for every account
/// (with or without a <c>whatsapp:</c> prefix).
/// </summary>
/// <remarks>
/// Source: Twilio docs, "Test Credentials" → "Test SMS messages", https://www.twilio.com/docs/iam/test-credentials.
/// <code>
/// From +15005550001  21212  This phone number is invalid.
/// From +15005550007  21606  This phone number is not owned by your account or is not SMS-capable.
/// From +15005550008  21611  This number has an SMS message queue that is full.
/// From +15005550006         No error (the valid magic sender).
/// To   +15005550001  21211  This phone number is invalid.
/// To   +15005550002  21612  Twilio cannot route to this number.
/// To   +15005550003  21408  Your account doesn't have the international permissions necessary to SMS this number.
/// To   +15005550004  21610  This number is blocked for your account.
/// To   +15005550009  21614  This number is incapable of receiving SMS messages.
/// </code>
/// With real test credentials every other From fails with 21606; the sandbox accepts other senders, because it stands
/// in for a live account, and every other To is "potentially valid".
/// </remarks>
internal static class TwilioMagicNumbers
{
    public static (int Code, string Message)? ForFrom(string number) => number switch
    {
        "+15005550001" => (21212, "The 'From' number is not a valid phone number, shortcode, or alphanumeric sender ID."),
        "+15005550007" => (21606, "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination/account."),
        "+15005550008" => (21611, "This 'From' number has exceeded the maximum number of queued messages."),
        _ => null,
    };

    public static (int Code, string Message)? ForTo(string number) => number switch
    {
        "+15005550001" => (21211, "Invalid 'To' Phone Number."),
        "+15005550002" => (21612, "The 'To' phone number is not currently reachable via SMS."),
        "+15005550003" => (21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number."),
        "+15005550004" => (21610, "Attempt to send to unsubscribed recipient."),
        "+15005550009" => (21614, "'To' number is not a valid mobile number."),
        _ => null,
    };
}
