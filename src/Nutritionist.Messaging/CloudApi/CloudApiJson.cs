using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.CloudApi;

// The Cloud API message object (POST /{version}/{phone-number-id}/messages), as far as the library writes it. Member names
// are Meta's, in snake_case through the context's naming policy; null members are left out.
internal sealed class CloudApiMessage
{
    public string MessagingProduct { get; init; } = "whatsapp";

    public required string To { get; init; }

    public required string Type { get; init; }

    public CloudApiContext? Context { get; init; }

    public CloudApiText? Text { get; init; }

    public CloudApiMedia? Image { get; init; }

    public CloudApiMedia? Video { get; init; }

    public CloudApiMedia? Audio { get; init; }

    public CloudApiMedia? Document { get; init; }

    public CloudApiTemplate? Template { get; init; }

    public CloudApiInteractive? Interactive { get; init; }
}

internal sealed record CloudApiContext(string MessageId);

internal sealed record CloudApiText(string Body, bool? PreviewUrl);

// Link or Id, never both: media by URL, or media uploaded to WhatsApp beforehand.
internal sealed record CloudApiMedia(string? Link, string? Caption, string? Filename)
{
    public string? Id { get; init; }
}

internal sealed record CloudApiTemplate(string Name, CloudApiLanguage Language, IReadOnlyList<CloudApiComponent>? Components);

internal sealed record CloudApiLanguage(string Code);

internal sealed class CloudApiComponent
{
    public required string Type { get; init; }

    public string? SubType { get; init; }

    public string? Index { get; init; }

    public required IReadOnlyList<CloudApiParameter> Parameters { get; init; }
}

// One template parameter: "type" names which of the other members it carries.
internal sealed class CloudApiParameter
{
    public required string Type { get; init; }

    public string? Text { get; init; }

    public string? ParameterName { get; init; }

    public CloudApiCurrency? Currency { get; init; }

    public CloudApiDateTime? DateTime { get; init; }

    public CloudApiMedia? Image { get; init; }

    public CloudApiMedia? Video { get; init; }

    public CloudApiMedia? Document { get; init; }

    public string? Payload { get; init; }
}

internal sealed record CloudApiCurrency(string FallbackValue, string Code, [property: JsonPropertyName("amount_1000")] int Amount1000);

internal sealed record CloudApiDateTime(string FallbackValue);

internal sealed record CloudApiInteractive(string Type, CloudApiInteractiveHeader? Header, CloudApiInteractiveText Body, CloudApiInteractiveText? Footer, CloudApiInteractiveAction Action);

internal sealed record CloudApiInteractiveHeader(string Type, string Text);

internal sealed record CloudApiInteractiveText(string Text);

// Reply buttons set Buttons; a list sets Button (the label that opens it) and Sections.
internal sealed record CloudApiInteractiveAction(string? Button, IReadOnlyList<CloudApiSection>? Sections, IReadOnlyList<CloudApiButton>? Buttons);

internal sealed record CloudApiButton(string Type, CloudApiReply Reply);

internal sealed record CloudApiReply(string Id, string Title);

internal sealed record CloudApiSection(string? Title, IReadOnlyList<CloudApiRow> Rows);

internal sealed record CloudApiRow(string Id, string Title, string? Description);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CloudApiMessage))]
internal sealed partial class CloudApiJsonContext : JsonSerializerContext;
