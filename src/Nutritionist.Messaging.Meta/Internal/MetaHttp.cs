namespace Nutritionist.Messaging.Meta.Internal;

/// <summary>Names shared by the DI registration and the tests.</summary>
internal static class MetaHttp
{
    /// <summary>
    /// The named <see cref="IHttpClientFactory"/> client every Cloud API call goes through. Tests replace its primary
    /// handler with <c>ConfigurePrimaryHttpMessageHandler</c>.
    /// </summary>
    public const string ClientName = "Nutritionist.Messaging.Meta";

    /// <summary>The client of the provider registered as <paramref name="name"/>: <c>Nutritionist.Messaging.Meta:{name}</c>.</summary>
    public static string ClientNameFor(string name) => ClientName + ":" + name;
}
