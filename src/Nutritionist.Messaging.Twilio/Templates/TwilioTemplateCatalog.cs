using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutritionist.Messaging.Twilio.Internal;
using Twilio.Rest;
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
            var (records, next) = await _account.ReadPageAsync(request, "contents", ToInfo, cancellationToken).ConfigureAwait(false);
            templates.AddRange(records.OfType<WhatsAppTemplateInfo>());

            request = next is null ? null : new TwilioRequest(TwilioHttpMethod.Get, next);
        }

        Log.TemplatesListed(_logger, templates.Count, _account.AccountSid);
        return templates;
    }

    /// <summary>One record of <c>ContentAndApprovals</c>; <see langword="null"/> for a record without a SID.</summary>
    internal static WhatsAppTemplateInfo? ToInfo(JsonElement record)
    {
        if (TwilioJson.String(record, "sid") is not { Length: > 0 } sid)
        {
            return null;
        }

        // The live API nests the WhatsApp request under the channel ("whatsapp": {...}); the OpenAPI example shows it flat.
        var approval = TwilioJson.Object(record, "approval_requests") is { } approvals ? TwilioJson.Object(approvals, "whatsapp") ?? approvals : default;
        return new WhatsAppTemplateInfo(sid)
        {
            Name = TwilioJson.String(record, "friendly_name"),
            Language = TwilioJson.String(record, "language"),
            Variables = ReadVariables(TwilioJson.Object(record, "variables")),
            ContentTypes = TwilioJson.Object(record, "types") is { } types ? [.. types.EnumerateObject().Select(p => p.Name)] : [],
            WhatsAppApprovalStatus = TwilioJson.String(approval, "status")?.ToLowerInvariant(),
            WhatsAppTemplateName = NullIfEmpty(TwilioJson.String(approval, "name")),
            WhatsAppCategory = NullIfEmpty(TwilioJson.String(approval, "category")),
            RejectionReason = NullIfEmpty(TwilioJson.String(approval, "rejection_reason")),
            DateCreated = TwilioJson.Date(record, "date_created"),
            DateUpdated = TwilioJson.Date(record, "date_updated"),
        };
    }

    private static Dictionary<string, string> ReadVariables(JsonElement? variables)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (variables is { } root)
        {
            foreach (var property in root.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return result;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
