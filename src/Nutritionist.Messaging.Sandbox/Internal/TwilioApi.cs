using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// The emulated Twilio REST APIs the provider uses: Messages (<c>/2010-04-01/Accounts/{Sid}/Messages.json</c>), Content
/// (<c>/v1/Content</c>, <c>/v1/ContentAndApprovals</c>) and Senders (<c>/v2/Channels/Senders</c>), with Basic
/// authentication and Twilio's error JSON (<c>code</c>, <c>message</c>, <c>more_info</c>, <c>status</c>).
/// </summary>
internal sealed partial class TwilioApi
{
    private readonly SandboxState _state;
    private readonly SandboxEmulator _emulator;
    private readonly Lock _senderGate = new();
    private readonly JsonObject _profile;

    public TwilioApi(SandboxState state, SandboxEmulator emulator)
    {
        _state = state;
        _emulator = emulator;
        _profile = new JsonObject
        {
            ["name"] = "Nutritionist (sandbox)",
            ["about"] = "Meal plans that fit",
            ["address"] = null,
            ["description"] = "The sandbox's WhatsApp sender",
            ["emails"] = new JsonArray(),
            ["logo_url"] = null,
            ["vertical"] = "Medical and Health",
            ["websites"] = new JsonArray(),
        };
    }

    public static bool Handles(string path) =>
        path.StartsWith("/2010-04-01/", StringComparison.Ordinal) ||
        path.StartsWith("/v1/Content", StringComparison.Ordinal) ||
        path.StartsWith("/v2/Channels/Senders", StringComparison.Ordinal);

    public async Task<SandboxResponse> HandleAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        var account = Authenticate(request);
        if (account is null)
        {
            return Error(20003, 401, "Authenticate").WithHeader("WWW-Authenticate", "Basic realm=\"Twilio API\"");
        }

        switch (await _emulator.FaultAsync(SandboxProvider.Twilio, cancellationToken).ConfigureAwait(false))
        {
            case FaultKind.Throttled:
                return Error(20429, 429, "Too Many Requests").WithHeader("Retry-After", "1");
            case FaultKind.ServerError:
                return Error(20500, 500, "An internal server error has occurred");
        }

        var path = request.Path;
        var get = request.Method.Equals("GET", StringComparison.OrdinalIgnoreCase);
        var post = request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase);
        if (MessagesPath().Match(path) is { Success: true } messages && post)
        {
            return messages.Groups[1].Value == account ? CreateMessage(account, request) : Error(20003, 401, "Authenticate");
        }

        if (MessagePath().Match(path) is { Success: true } message && get)
        {
            return message.Groups[1].Value == account ? FetchMessage(account, message.Groups[2].Value) : Error(20003, 401, "Authenticate");
        }

        if (get && (path == "/v1/Content" || path == "/v1/ContentAndApprovals"))
        {
            return ListContent(account, request, withApprovals: path == "/v1/ContentAndApprovals");
        }

        if (get && ContentPath().Match(path) is { Success: true } content)
        {
            var sid = content.Groups[1].Value;
            return Templates().FirstOrDefault(t => t.Sid == sid) is { } template
                ? Json(200, Content(account, template, withApprovals: false))
                : NotFound(path);
        }

        if (get && path.TrimEnd('/') == "/v2/Channels/Senders")
        {
            var channel = Form.Decode(request.Query).GetValueOrDefault("Channel")?.FirstOrDefault();
            var senders = new JsonArray();
            if (channel is null || channel.Equals("whatsapp", StringComparison.OrdinalIgnoreCase))
            {
                senders.Add((JsonNode)Sender());
            }

            return Json(200, new JsonObject { ["senders"] = senders, ["meta"] = Meta("https://messaging.twilio.com/v2/Channels/Senders", "senders") });
        }

        if (SenderPath().Match(path) is { Success: true } sender && sender.Groups[1].Value == SandboxState.WhatsAppSenderSid)
        {
            if (get)
            {
                return Json(200, Sender());
            }

            if (post || request.Method.Equals("PUT", StringComparison.OrdinalIgnoreCase))
            {
                return UpdateSender(request);
            }
        }

        return NotFound(path);
    }

    /// <summary>The authenticated account SID, or <see langword="null"/> when Basic authentication fails.</summary>
    private string? Authenticate(SandboxRequest request)
    {
        var header = request.Header("Authorization");
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == decoded.Length - 1)
        {
            return null;
        }

        var user = decoded[..colon];
        var password = decoded[(colon + 1)..];
        var options = _state.Options;
        if (user == options.TwilioAccountSid)
        {
            return Same(password, options.TwilioAuthToken) ? user : null;
        }

        if (options.TwilioApiKeySid is { Length: > 0 } keySid && user == keySid)
        {
            return options.TwilioApiKeySecret is { } secret && Same(password, secret) ? options.TwilioAccountSid : null;
        }

        // Credentials the sandbox cannot know: permissive mode trusts them (the account is the one in the path).
        if (options.Strict)
        {
            return null;
        }

        if (AccountSid().IsMatch(user))
        {
            return user;
        }

        return AccountInPath().Match(request.Path) is { Success: true } inPath ? inPath.Groups[1].Value : user;
    }

    private SandboxResponse CreateMessage(string account, SandboxRequest request)
    {
        var form = Form.Decode(Encoding.UTF8.GetString(request.Body));
        string? Value(string name) => form.TryGetValue(name, out var values) && values.Count > 0 && values[^1].Length > 0 ? values[^1] : null;

        var to = Value("To");
        var from = Value("From");
        var serviceSid = Value("MessagingServiceSid");
        var body = Value("Body");
        var media = form.GetValueOrDefault("MediaUrl") ?? [];
        var contentSid = Value("ContentSid");
        var contentVariables = Value("ContentVariables");
        var statusCallback = Value("StatusCallback");

        if (to is null)
        {
            return Error(21604, 400, "A 'To' phone number is required.");
        }

        if (from is null && serviceSid is null)
        {
            return Error(21603, 400, "A 'From' phone number is required.");
        }

        if (body is null && media.Count == 0 && contentSid is null)
        {
            return Error(21619, 400, "A text message body or media urls must be specified.");
        }

        if (body is { Length: > 1600 })
        {
            return Error(21617, 400, "The concatenated message body exceeds the 1600 character limit.");
        }

        var recipient = Numbers.StripWhatsApp(to);
        if (!Numbers.IsE164(recipient))
        {
            return Error(21211, 400, "Invalid 'To' Phone Number.");
        }

        if (from is not null)
        {
            var sender = Numbers.StripWhatsApp(from);
            if (!Numbers.IsE164(sender))
            {
                return Error(21212, 400, "Invalid 'From' Phone Number.");
            }

            if (TwilioMagicNumbers.ForFrom(sender) is { } fromError)
            {
                return Error(fromError.Code, 400, fromError.Message);
            }

            if (Numbers.IsWhatsApp(from) != Numbers.IsWhatsApp(to))
            {
                return Error(21910, 400, "Invalid From and To pair. From and To should be of the same channel.");
            }

            if (sender == recipient)
            {
                return Error(21266, 400, "'To' and 'From' number cannot be the same.");
            }
        }

        if (TwilioMagicNumbers.ForTo(recipient) is { } toError)
        {
            return Error(toError.Code, 400, toError.Message);
        }

        if (contentSid is not null && !ContentSid().IsMatch(contentSid))
        {
            return Error(21655, 400, "The ContentSid is Invalid.");
        }

        if (contentVariables is not null && !IsJsonObject(contentVariables))
        {
            return Error(21656, 400, "The ContentVariables Parameter is invalid.");
        }

        if (_state.IsOptedOut(SandboxProvider.Twilio, recipient))
        {
            return Error(21610, 400, "Attempt to send to unsubscribed recipient.");
        }

        var whatsApp = Numbers.IsWhatsApp(to);

        // The live API may also accept such a message and fail it with 63016 in its status callback; the sandbox refuses
        // it at once, which is what the provider and the issue expect.
        if (whatsApp && contentSid is null && _state.Options.EnforceWhatsAppWindow && !_state.IsWhatsAppWindowOpen(recipient))
        {
            return Error(63016, 400, "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.");
        }

        var now = _state.TimeProvider.GetUtcNow();
        var sid = Ids.TwilioSid("SM");
        var effectiveFrom = from ?? _state.Options.WhatsAppFrom;
        var message = new SandboxMessage(SandboxProvider.Twilio, sid, whatsApp ? "whatsapp:" + recipient : recipient, effectiveFrom, body, now)
        {
            MediaUrls = [.. media],
            ContentSid = contentSid,
            ContentVariables = contentVariables,
            StatusCallback = statusCallback,
        };
        _state.Accept(message);

        var options = _state.Options;
        _state.Schedule(options.SentDelay, () => StatusEvent(account, message, "sent"));
        _state.Schedule(options.DeliveryDelay, () => StatusEvent(account, message, "delivered"));
        if (whatsApp && options.ReadDelay is { } readDelay)
        {
            _state.Schedule(readDelay, () => StatusEvent(account, message, "read"));
        }

        var status = from is null ? "accepted" : "queued";
        return Json(201, MessageResource(account, message, status, serviceSid));
    }

    private SandboxResponse FetchMessage(string account, string sid)
    {
        if (_state.FindMessage(sid) is not { Provider: SandboxProvider.Twilio } message)
        {
            return Error(20404, 404, $"The requested resource /Messages/{sid}.json was not found");
        }

        var last = _state.DeliveryEvents.LastOrDefault(e => e.MessageId == sid);
        return Json(200, MessageResource(account, message, last?.Update.ProviderStatus ?? "queued", null));
    }

    private static JsonObject MessageResource(string account, SandboxMessage message, string status, string? serviceSid)
    {
        var segments = message.Platform == MessagingPlatform.WhatsApp || message.Body is null ? 1 : SmsSegments.Calculate(message.Body).Segments;
        var date = Rfc2822(message.AcceptedAt);
        var uri = $"/2010-04-01/Accounts/{account}/Messages/{message.MessageId}.json";
        return new JsonObject
        {
            ["account_sid"] = account,
            ["api_version"] = "2010-04-01",
            ["body"] = message.Body ?? string.Empty,
            ["date_created"] = date,
            ["date_sent"] = null,
            ["date_updated"] = date,
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = message.From,
            ["messaging_service_sid"] = serviceSid,
            ["num_media"] = message.MediaUrls.Count.ToString(CultureInfo.InvariantCulture),
            ["num_segments"] = segments.ToString(CultureInfo.InvariantCulture),
            ["price"] = null,
            ["price_unit"] = "USD",
            ["sid"] = message.MessageId,
            ["status"] = status,
            ["subresource_uris"] = new JsonObject { ["media"] = $"/2010-04-01/Accounts/{account}/Messages/{message.MessageId}/Media.json" },
            ["to"] = message.To,
            ["uri"] = uri,
        };
    }

    /// <summary>The status callback Twilio would post, and the update the provider's webhook processor builds from it.</summary>
    private SandboxDeliveryEvent StatusEvent(string account, SandboxMessage message, string status)
    {
        var whatsApp = message.Platform == MessagingPlatform.WhatsApp;
        var payload = Form.Encode(
            ("AccountSid", account),
            ("ApiVersion", "2010-04-01"),
            ("ChannelPrefix", whatsApp ? "whatsapp" : null),
            ("ChannelToAddress", whatsApp ? message.Recipient : null),
            ("From", message.From),
            ("MessageSid", message.MessageId),
            ("MessageStatus", status),
            ("SmsSid", message.MessageId),
            ("SmsStatus", status),
            ("To", message.To));
        var update = new DeliveryStatusUpdate(message.MessageId, message.Platform, status switch
        {
            "sent" => DeliveryStatus.Sent,
            "delivered" => DeliveryStatus.Delivered,
            "read" => DeliveryStatus.Read,
            _ => DeliveryStatus.Unknown,
        })
        {
            ProviderStatus = status,
            Timestamp = _state.TimeProvider.GetUtcNow(),
            Recipient = message.Recipient,
        };
        return new SandboxDeliveryEvent(SandboxProvider.Twilio, update, payload);
    }

    private SandboxResponse ListContent(string account, SandboxRequest request, bool withApprovals)
    {
        var contents = new JsonArray();
        foreach (var template in Templates())
        {
            contents.Add((JsonNode)Content(account, template, withApprovals));
        }

        var url = withApprovals ? "https://content.twilio.com/v1/ContentAndApprovals" : "https://content.twilio.com/v1/Content";
        _ = request;
        return Json(200, new JsonObject { ["contents"] = contents, ["meta"] = Meta(url, "contents") });
    }

    private static JsonObject Content(string account, Template template, bool withApprovals)
    {
        var content = new JsonObject
        {
            ["sid"] = template.Sid,
            ["account_sid"] = account,
            ["friendly_name"] = template.Name,
            ["language"] = "en",
            ["variables"] = new JsonObject { ["1"] = "name" },
            ["types"] = new JsonObject { ["twilio/text"] = new JsonObject { ["body"] = template.Body } },
            ["date_created"] = "2025-01-06T09:00:00Z",
            ["date_updated"] = "2025-01-07T09:00:00Z",
        };
        if (withApprovals)
        {
            content["approval_requests"] = new JsonObject
            {
                ["whatsapp"] = new JsonObject
                {
                    ["name"] = template.Name,
                    ["category"] = "UTILITY",
                    ["content_type"] = "twilio/text",
                    ["status"] = template.Status,
                    ["rejection_reason"] = string.Empty,
                    ["allow_category_change"] = true,
                },
            };
        }
        else
        {
            content["url"] = "https://content.twilio.com/v1/Content/" + template.Sid;
            content["links"] = new JsonObject
            {
                ["approval_create"] = $"https://content.twilio.com/v1/Content/{template.Sid}/ApprovalRequests/whatsapp",
                ["approval_fetch"] = $"https://content.twilio.com/v1/Content/{template.Sid}/ApprovalRequests",
            };
        }

        return content;
    }

    private JsonObject Sender()
    {
        JsonNode profile;
        lock (_senderGate)
        {
            profile = _profile.DeepClone();
        }

        var sid = SandboxState.WhatsAppSenderSid;
        return new JsonObject
        {
            ["sid"] = sid,
            ["status"] = "ONLINE",
            ["sender_id"] = _state.Options.WhatsAppFrom,
            ["configuration"] = new JsonObject { ["waba_id"] = "sandbox", ["verification_method"] = "sms", ["verification_code"] = null, ["voice_application_sid"] = null },
            ["webhook"] = new JsonObject { ["callback_url"] = null, ["callback_method"] = "POST", ["fallback_url"] = null, ["fallback_method"] = "POST", ["status_callback_url"] = null, ["status_callback_method"] = "POST" },
            ["profile"] = profile,
            ["properties"] = new JsonObject { ["quality_rating"] = "HIGH", ["messaging_limit"] = "1K" },
            ["offline_reasons"] = null,
            ["compliance"] = null,
            ["url"] = "https://messaging.twilio.com/v2/Channels/Senders/" + sid,
        };
    }

    private SandboxResponse UpdateSender(SandboxRequest request)
    {
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(request.Body.Length == 0 ? "{}" : Encoding.UTF8.GetString(request.Body));
        }
        catch (JsonException)
        {
            return Error(20001, 400, "Invalid JSON in the request body.");
        }

        if (body?["profile"] is JsonObject update)
        {
            lock (_senderGate)
            {
                foreach (var (name, value) in update)
                {
                    _profile[name] = value?.DeepClone();
                }
            }
        }

        return Json(202, Sender());
    }

    private static JsonObject Meta(string url, string key) => new()
    {
        ["page"] = 0,
        ["page_size"] = 50,
        ["first_page_url"] = url + "?PageSize=50&Page=0",
        ["previous_page_url"] = null,
        ["url"] = url + "?PageSize=50&Page=0",
        ["next_page_url"] = null,
        ["key"] = key,
    };

    private static IEnumerable<Template> Templates() =>
    [
        new(SandboxState.ApprovedTemplateSid, "meal_plan_ready", "Hi {{1}}, your meal plan is ready!", "approved"),
        new(SandboxState.PendingTemplateSid, "weekly_check_in", "Hi {{1}}, how did this week's plan go?", "pending"),
    ];

    private SandboxResponse NotFound(string path) => Error(20404, 404, $"The requested resource {path} was not found");

    private SandboxResponse Error(int code, int status, string message)
    {
        _emulator.Refused(SandboxProvider.Twilio, code.ToString(CultureInfo.InvariantCulture), status);
        var body = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["more_info"] = "https://www.twilio.com/docs/errors/" + code.ToString(CultureInfo.InvariantCulture),
            ["status"] = status,
        };
        return SandboxResponse.Json(status, body.ToJsonString());
    }

    private static SandboxResponse Json(int status, JsonObject body) => SandboxResponse.Json(status, body.ToJsonString());

    private static string Rfc2822(DateTimeOffset time) => time.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static bool IsJsonObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed record Template(string Sid, string Name, string Body, string Status);

    [GeneratedRegex(@"^/2010-04-01/Accounts/([^/]+)/Messages\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex MessagesPath();

    [GeneratedRegex(@"^/2010-04-01/Accounts/([^/]+)/Messages/(SM[0-9a-f]{32})\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex MessagePath();

    [GeneratedRegex(@"^/2010-04-01/Accounts/([^/]+)/", RegexOptions.CultureInvariant)]
    private static partial Regex AccountInPath();

    [GeneratedRegex(@"^/v1/Content/(HX[0-9a-fA-F]{32})$", RegexOptions.CultureInvariant)]
    private static partial Regex ContentPath();

    [GeneratedRegex(@"^/v2/Channels/Senders/(XE[0-9a-fA-F]{32})$", RegexOptions.CultureInvariant)]
    private static partial Regex SenderPath();

    [GeneratedRegex(@"^AC[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountSid();

    [GeneratedRegex(@"^HX[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ContentSid();
}
