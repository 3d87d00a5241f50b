namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>Names shared by the DI registration and the tests.</summary>
internal static class TwilioHttp
{
    /// <summary>
    /// The named <see cref="IHttpClientFactory"/> client every Twilio REST call goes through. Tests replace its primary
    /// handler with <c>ConfigurePrimaryHttpMessageHandler</c>.
    /// </summary>
    public const string ClientName = "Nutritionist.Messaging.Twilio";

    /// <summary>The client of the provider registered as <paramref name="name"/>: <c>Nutritionist.Messaging.Twilio:{name}</c>.</summary>
    public static string ClientNameFor(string name) => ClientName + ":" + name;
}
