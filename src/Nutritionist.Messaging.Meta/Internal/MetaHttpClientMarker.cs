namespace Nutritionist.Messaging.Meta.Internal;

/// <summary>Marks, in the service collection, that the Meta HTTP client has been configured.</summary>
internal sealed class MetaHttpClientMarker;
