using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutritionist.Messaging.Twilio.Internal;
using Twilio.Rest;
using Twilio.Rest.Content.V1;
using TwilioHttpMethod = Twilio.Http.HttpMethod;
using TwilioRequest = Twilio.Http.Request;

namespace Nutritionist.Messaging.Twilio;

/// <summary><see cref="IWhatsAppTemplateCatalog"/> over <c>GET https://content.twilio.com/v1/ContentAndApprovals</c>.</summary>
/// <remarks>
/// Thread-safe singleton. Pages are fetched one by one with the SDK's async request (see <see cref="TwilioAccount.ReadPageAsync{T}"/>).
/// </remarks>
internal sealed class TwilioTemplateCatalog : IWhatsAppTemplateCatalog
{
    private const int PageSize = 500;
    private const int MaxPages = 100;

    private readonly TwilioAccount _account;
    private readonly ILogger _logger;

    public TwilioTemplateCatalog(TwilioAccount account, ILogger<TwilioTemplateCatalog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _account = account;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public async Task<IReadOnlyList<WhatsAppTemplateInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var templates = new List<WhatsAppTemplateInfo>();
        var request = new TwilioRequest(
            TwilioHttpMethod.Get,
            Domain.Content,
            "/v1/ContentAndApprovals",
            queryParams: [new("PageSize", PageSize.ToString(CultureInfo.InvariantCulture))]);

        for (var pageNumber = 0; request is not null && pageNumber < MaxPages; pageNumber++)
        {
            var (records, next) = await _account.ReadPageAsync(request, "contents", ContentAndApprovalsResource.FromJson, cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                if (!string.IsNullOrEmpty(record.Sid))
                {
                    templates.Add(ToInfo(record));
                }
            }

            request = next is null ? null : new TwilioRequest(TwilioHttpMethod.Get, next);
        }

        Log.TemplatesListed(_logger, templates.Count, _account.AccountSid);
        return templates;
    }

    internal static WhatsAppTemplateInfo ToInfo(ContentAndApprovalsResource record)
    {
        // The SDK keeps the free-form members as Newtonsoft objects; their ToString() is their JSON.
        using var variables = Parse(record.Variables);
        using var types = Parse(record.Types);
        using var approvals = Parse(record.ApprovalRequests);

        var approval = WhatsAppApproval(approvals?.RootElement);
        return new WhatsAppTemplateInfo(record.Sid)
        {
            Name = record.FriendlyName,
            Language = record.Language,
            Variables = ReadVariables(variables?.RootElement),
            ContentTypes = types?.RootElement is { ValueKind: JsonValueKind.Object } t ? [.. t.EnumerateObject().Select(p => p.Name)] : [],
            WhatsAppApprovalStatus = String(approval, "status")?.ToLowerInvariant(),
            WhatsAppTemplateName = NullIfEmpty(String(approval, "name")),
            WhatsAppCategory = NullIfEmpty(String(approval, "category")),
            RejectionReason = NullIfEmpty(String(approval, "rejection_reason")),
            DateCreated = Utc(record.DateCreated),
            DateUpdated = Utc(record.DateUpdated),
        };
    }

    private static JsonElement? WhatsAppApproval(JsonElement? approvals)
    {
        if (approvals is not { ValueKind: JsonValueKind.Object } root)
        {
            return null;
        }

        // The live API nests the request under the channel ("whatsapp": {...}); the OpenAPI example shows it flat.
        return root.TryGetProperty("whatsapp", out var whatsApp) && whatsApp.ValueKind == JsonValueKind.Object ? whatsApp : root;
    }

    private static Dictionary<string, string> ReadVariables(JsonElement? variables)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (variables is { ValueKind: JsonValueKind.Object } root)
        {
            foreach (var property in root.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return result;
    }

    private static string? String(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static DateTimeOffset? Utc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime()),
        { } other => new DateTimeOffset(DateTime.SpecifyKind(other, DateTimeKind.Utc)),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static JsonDocument? Parse(object? value)
    {
        var json = value?.ToString();
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
