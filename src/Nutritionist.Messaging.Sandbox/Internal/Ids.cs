using System.Globalization;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>Formats of the ids the emulated APIs hand out.</summary>
internal static class Ids
{
    /// <summary>An AWS <c>MessageId</c> (a UUID).</summary>
    public static string AwsMessageId() => Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture);

    /// <summary>A Twilio SID: two letters and 32 lower-case hexadecimal characters.</summary>
    public static string TwilioSid(string prefix) => prefix + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
}
