using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nutritionist.Messaging.Delivery;
using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// The emulated <c>pinpoint-sms-voice-v2</c> JSON 1.0 API: SigV4 authentication, the model's validation rules
/// (<c>shared/reference/aws/pinpoint-sms-voice-v2.service-2.json</c>) and its error shapes.
/// </summary>
internal sealed partial class AwsApi(SandboxState state, SandboxEmulator emulator)
{
    public const string TargetPrefix = "PinpointSMSVoiceV2.";
    public const string SigningName = "sms-voice";
    private const string ErrorNamespace = "com.amazonaws.pinpointsmsvoicev2#";
    private const string ContentType = "application/x-amz-json-1.0";

    // What the sandbox charges per SMS part (the US price AWS's event examples show), so MaxPrice below it is refused.
    private const decimal PricePerPart = 0.00581m;
    private const decimal CarrierFeePerPart = 0.00302m;

    private static readonly string[] MessageTypes = ["TRANSACTIONAL", "PROMOTIONAL"];

    public async Task<SandboxResponse> HandleAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        if (Authenticate(request) is { } refused)
        {
            return refused;
        }

        var target = request.Header("X-Amz-Target") ?? string.Empty;
        if (!request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase) || !target.StartsWith(TargetPrefix, StringComparison.Ordinal))
        {
            return CoralError("UnknownOperationException", "Unknown operation " + target);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(request.Body.Length == 0 ? "{}"u8.ToArray() : request.Body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return CoralError("SerializationException", "Start of structure or map found where not expected.");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return CoralError("SerializationException", "Start of structure or map found where not expected.");
        }

        switch (await emulator.FaultAsync(SandboxProvider.Aws, cancellationToken).ConfigureAwait(false))
        {
            case FaultKind.Throttled:
                return Error(400, "ThrottlingException", "Rate exceeded");
            case FaultKind.ServerError:
                return Error(500, "InternalServerException", "Internal server error (sandbox fault)", new JsonObject { ["RequestId"] = Ids.AwsMessageId() });
        }

        var input = new Input(root);
        try
        {
            return target[TargetPrefix.Length..] switch
            {
                "SendTextMessage" => SendTextMessage(input),
                "SendMediaMessage" => SendMediaMessage(input),
                "DescribeOptedOutNumbers" => DescribeOptedOutNumbers(input),
                "PutOptedOutNumber" => PutOptedOutNumber(input),
                "DeleteOptedOutNumber" => DeleteOptedOutNumber(input),
                "DescribePools" => DescribePools(input),
                "DescribePhoneNumbers" => DescribePhoneNumbers(input),
                "DescribeSpendLimits" => DescribeSpendLimits(input),
                _ => CoralError("UnknownOperationException", "Unknown operation " + target),
            };
        }
        catch (MalformedInputException e)
        {
            return CoralError("SerializationException", e.Message);
        }
    }

    private SandboxResponse? Authenticate(SandboxRequest request) =>
        SigV4Verifier.Check(request, state, SigningName) is { } refusal ? AuthError(refusal.Type, refusal.Message) : null;

    private SandboxResponse SendTextMessage(Input input)
    {
        var v = new Validator();
        var destination = input.String("DestinationPhoneNumber");
        v.Phone("DestinationPhoneNumber", destination, required: true);
        var origination = input.String("OriginationIdentity");
        v.Text("OriginationIdentity", origination, 1, 256, OriginationPattern());
        var body = input.String("MessageBody");
        v.Body("MessageBody", body);
        var messageType = input.String("MessageType");
        v.Enum("MessageType", messageType, MessageTypes);
        var keyword = input.String("Keyword");
        v.Text("Keyword", keyword, 1, 30, KeywordPattern());
        var configurationSet = input.String("ConfigurationSetName");
        v.Text("ConfigurationSetName", configurationSet, 1, 256, NamePattern());
        var maxPrice = input.String("MaxPrice");
        v.Text("MaxPrice", maxPrice, 2, 8, MaxPricePattern());
        var ttl = input.Int("TimeToLive");
        v.Range("TimeToLive", ttl, 5, 259200);
        var context = input.Map("Context");
        v.Context(context);
        var countryParameters = input.Map("DestinationCountryParameters");
        v.CountryParameters(countryParameters);
        var dryRun = input.Bool("DryRun") ?? false;
        input.String("ProtectConfigurationId");
        input.Bool("MessageFeedbackEnabled");
        if (v.Failed(out var invalid))
        {
            return invalid;
        }

        return Send(SandboxProvider.Aws, destination!, origination, body, [], configurationSet, maxPrice, context, messageType, dryRun, media: false);
    }

    private SandboxResponse SendMediaMessage(Input input)
    {
        var v = new Validator();
        var destination = input.String("DestinationPhoneNumber");
        v.Phone("DestinationPhoneNumber", destination, required: true);
        var origination = input.String("OriginationIdentity");
        v.Required("OriginationIdentity", origination);
        v.Text("OriginationIdentity", origination, 1, 256, OriginationPattern());
        var body = input.String("MessageBody");
        v.Body("MessageBody", body);
        var media = input.StringList("MediaUrls");
        v.Media(media);
        var configurationSet = input.String("ConfigurationSetName");
        v.Text("ConfigurationSetName", configurationSet, 1, 256, NamePattern());
        var maxPrice = input.String("MaxPrice");
        v.Text("MaxPrice", maxPrice, 2, 8, MaxPricePattern());
        var ttl = input.Int("TimeToLive");
        v.Range("TimeToLive", ttl, 5, 259200);
        var context = input.Map("Context");
        v.Context(context);
        var dryRun = input.Bool("DryRun") ?? false;
        input.String("ProtectConfigurationId");
        input.Bool("MessageFeedbackEnabled");
        if (v.Failed(out var invalid))
        {
            return invalid;
        }

        if (body is null && (media is null || media.Count == 0))
        {
            return Validation("MISSING_PARAMETER", "Either MessageBody or MediaUrls must be specified.", [("MessageBody", "MessageBody or MediaUrls is required.")]);
        }

        return Send(SandboxProvider.Aws, destination!, origination, body, media ?? [], configurationSet, maxPrice, context, null, dryRun, media: true);
    }

    private SandboxResponse Send(
        SandboxProvider provider,
        string destination,
        string? origination,
        string? body,
        IReadOnlyList<string> mediaUrls,
        string? configurationSet,
        string? maxPrice,
        Dictionary<string, string>? context,
        string? messageType,
        bool dryRun,
        bool media)
    {
        var number = Numbers.Key(destination);
        if (origination is not null && !KnownOrigination(origination))
        {
            if (state.Options.Strict)
            {
                var type = origination.Contains("pool", StringComparison.Ordinal) ? "pool" : "phone-number";
                return Error(400, "ResourceNotFoundException", $"Resource not found: {type} {origination}",
                    new JsonObject { ["ResourceType"] = type, ["ResourceId"] = origination });
            }
        }

        if (maxPrice is not null && decimal.TryParse(maxPrice, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var max) && max < PricePerPart)
        {
            return Validation("PRICE_OVER_THRESHOLD", $"The price of the message ({PricePerPart.ToString(CultureInfo.InvariantCulture)} USD per part) is over MaxPrice.", [("MaxPrice", "The message costs more than MaxPrice.")]);
        }

        if (state.IsAwsOptedOut(SandboxState.DefaultOptOutListName, number))
        {
            return Error(400, "ConflictException", "Conflict Occurred - Reason=\"DESTINATION_PHONE_NUMBER_OPTED_OUT\" ResourceType=\"opt-out-list\" ResourceId=\"Default\"",
                new JsonObject { ["Reason"] = "DESTINATION_PHONE_NUMBER_OPTED_OUT", ["ResourceType"] = "opt-out-list", ["ResourceId"] = SandboxState.DefaultOptOutListName });
        }

        var accepted = new SandboxMessage(provider, Ids.AwsMessageId(), number, origination ?? state.Options.SmsOriginationNumber, body, state.TimeProvider.GetUtcNow())
        {
            MediaUrls = mediaUrls,
            ConfigurationSetName = configurationSet,
            Context = context ?? new Dictionary<string, string>(StringComparer.Ordinal),
            MessageType = messageType ?? "TRANSACTIONAL",
            DryRun = dryRun,
        };
        state.Accept(accepted);
        if (!dryRun)
        {
            var fails = AwsSimulatorNumbers.Fails(number);
            state.Schedule(state.Options.DeliveryDelay, () => Event(accepted, media, fails));
        }

        return Ok(new JsonObject { ["MessageId"] = accepted.MessageId });
    }

    /// <summary>The event record an event destination would publish, and the update the provider's mapping builds from it.</summary>
    private SandboxDeliveryEvent Event(SandboxMessage message, bool media, bool fails)
    {
        var prefix = media ? "MEDIA_" : "TEXT_";
        var messageStatus = fails ? "CARRIER_UNREACHABLE" : (media ? "SUCCESSFUL" : "DELIVERED");
        var eventType = prefix + messageStatus;
        var description = fails ? "The destination phone number's carrier is unreachable." : "Message has been accepted by phone";
        var now = state.TimeProvider.GetUtcNow();
        var segments = message.Body is null ? (SmsSegmentInfo?)null : SmsSegments.Calculate(message.Body);
        var parts = segments?.Segments ?? 1;
        var price = fails ? 0m : PricePerPart * parts;
        var carrierFee = fails ? 0m : CarrierFeePerPart * parts;
        var encoding = segments is { Encoding: not SmsEncoding.Gsm7 } ? "UCS2" : "GSM";

        var context = new JsonObject();
        foreach (var (key, value) in message.Context)
        {
            context[key] = value;
        }

        var record = new JsonObject
        {
            ["eventType"] = eventType,
            ["eventVersion"] = "1.0",
            ["eventTimestamp"] = now.ToUnixTimeMilliseconds(),
            ["isFinal"] = true,
            ["originationPhoneNumber"] = state.Options.SmsOriginationNumber,
            ["destinationPhoneNumber"] = message.To,
            ["isoCountryCode"] = message.To.StartsWith("+1", StringComparison.Ordinal) ? "US" : null,
            ["messageId"] = message.MessageId,
            ["messageRequestTimestamp"] = message.AcceptedAt.ToUnixTimeMilliseconds(),
            ["messageEncoding"] = encoding,
            ["messageType"] = message.MessageType ?? "TRANSACTIONAL",
            ["messageStatus"] = messageStatus,
            ["messageStatusDescription"] = description,
            ["context"] = context,
            ["totalMessageParts"] = parts,
            ["totalMessagePrice"] = price,
            ["totalCarrierFee"] = carrierFee,
        };
        if (message.ConfigurationSetName is { } set)
        {
            record["configurationSetName"] = set;
        }

        var status = fails ? DeliveryStatus.Undelivered : DeliveryStatus.Delivered;
        var update = new DeliveryStatusUpdate(message.MessageId, MessagingPlatform.Sms, status)
        {
            ProviderStatus = eventType,
            ErrorCode = fails ? messageStatus : null,
            ErrorMessage = fails ? description : null,
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()),
            Recipient = message.To,
            Price = fails ? null : price + carrierFee,
            PriceCurrency = fails ? null : "USD",
            Segments = parts,
            ClientReference = message.Context.GetValueOrDefault("ClientReference"),
        };
        return new SandboxDeliveryEvent(SandboxProvider.Aws, update, record.ToJsonString());
    }

    private SandboxResponse DescribeOptedOutNumbers(Input input)
    {
        var v = new Validator();
        var listName = input.String("OptOutListName");
        v.Required("OptOutListName", listName);
        v.Text("OptOutListName", listName, 1, 256, NamePattern());
        var numbers = input.StringList("OptedOutNumbers");
        if (numbers is { Count: > 5 })
        {
            v.Add("OptedOutNumbers", "Member must have length less than or equal to 5");
        }

        foreach (var n in numbers ?? [])
        {
            v.Phone("OptedOutNumbers", n, required: false);
        }

        var filters = input.Filters("Filters");
        var maxResults = input.Int("MaxResults");
        v.Range("MaxResults", maxResults, 1, 100);
        var nextToken = input.String("NextToken");
        if (v.Failed(out var invalid))
        {
            return invalid;
        }

        var all = state.AwsOptedOutNumbers(listName!);
        if (all is null)
        {
            return NotFound("opt-out-list", listName!);
        }

        IEnumerable<(string Number, SandboxState.OptedOutEntry Entry)> selected = all;
        if (numbers is { Count: > 0 })
        {
            var wanted = numbers.Select(Numbers.Key).ToHashSet(StringComparer.Ordinal);
            selected = selected.Where(p => wanted.Contains(p.Number));
        }

        foreach (var (name, values) in filters)
        {
            if (name == "end-user-opted-out")
            {
                selected = selected.Where(p => values.Contains(p.Entry.EndUserOptedOut ? "true" : "false", StringComparer.OrdinalIgnoreCase));
            }
        }

        var page = Page(selected.ToList(), nextToken, maxResults ?? 100, out var next, out var badToken);
        if (badToken)
        {
            return Validation("INVALID_NEXT_TOKEN", "The NextToken is not valid.", [("NextToken", "The NextToken is not valid.")]);
        }

        var items = new JsonArray();
        foreach (var (number, entry) in page)
        {
            items.Add((JsonNode)new JsonObject
            {
                ["OptedOutNumber"] = number,
                ["OptedOutTimestamp"] = Epoch(entry.Timestamp),
                ["EndUserOptedOut"] = entry.EndUserOptedOut,
            });
        }

        var result = new JsonObject { ["OptOutListArn"] = Arn("opt-out-list", listName!), ["OptOutListName"] = listName, ["OptedOutNumbers"] = items };
        if (next is not null)
        {
            result["NextToken"] = next;
        }

        return Ok(result);
    }

    private SandboxResponse PutOptedOutNumber(Input input) => ChangeOptedOut(input, put: true);

    private SandboxResponse DeleteOptedOutNumber(Input input) => ChangeOptedOut(input, put: false);

    private SandboxResponse ChangeOptedOut(Input input, bool put)
    {
        var v = new Validator();
        var listName = input.String("OptOutListName");
        v.Required("OptOutListName", listName);
        v.Text("OptOutListName", listName, 1, 256, NamePattern());
        var number = input.String("OptedOutNumber");
        v.Phone("OptedOutNumber", number, required: true);
        if (v.Failed(out var invalid))
        {
            return invalid;
        }

        if (!state.AwsOptOutListExists(listName!))
        {
            return NotFound("opt-out-list", listName!);
        }

        var key = Numbers.Key(number!);
        var entry = put ? state.PutAwsOptedOut(listName!, key) : state.DeleteAwsOptedOut(listName!, key);
        if (entry is not { } found)
        {
            return NotFound("opted-out-number", key);
        }

        return Ok(new JsonObject
        {
            ["OptOutListArn"] = Arn("opt-out-list", listName!),
            ["OptOutListName"] = listName,
            ["OptedOutNumber"] = key,
            ["OptedOutTimestamp"] = Epoch(found.Timestamp),
            ["EndUserOptedOut"] = found.EndUserOptedOut,
        });
    }

    private SandboxResponse DescribePools(Input input)
    {
        var ids = input.StringList("PoolIds");
        input.Filters("Filters");
        input.String("NextToken");
        input.String("Owner");
        var v = new Validator();
        v.Range("MaxResults", input.Int("MaxResults"), 1, 100);
        if (v.Failed(out var invalid))
        {
            return invalid;
        }

        foreach (var id in ids ?? [])
        {
            if (id != SandboxState.PoolId && id != Arn("pool", SandboxState.PoolId))
            {
                return NotFound("pool", id);
            }
        }

        var pool = new JsonObject
        {
            ["PoolArn"] = Arn("pool", SandboxState.PoolId),
            ["PoolId"] = SandboxState.PoolId,
            ["Status"] = "ACTIVE",
            ["MessageType"] = "TRANSACTIONAL",
            ["TwoWayEnabled"] = true,
            ["TwoWayChannelArn"] = $"arn:aws:sns:{state.Options.AwsRegion}:{SandboxState.AwsAccountId}:sandbox-two-way",
            ["SelfManagedOptOutsEnabled"] = false,
            ["OptOutListName"] = SandboxState.DefaultOptOutListName,
            ["SharedRoutesEnabled"] = false,
            ["DeletionProtectionEnabled"] = false,
            ["CreatedTimestamp"] = 1_700_000_000,
        };
        return Ok(new JsonObject { ["Pools"] = new JsonArray(pool) });
    }

    private SandboxResponse DescribePhoneNumbers(Input input)
    {
        var ids = input.StringList("PhoneNumberIds");
        input.Filters("Filters");
        input.String("NextToken");
        input.String("Owner");
        var v = new Validator();
        v.Range("MaxResults", input.Int("MaxResults"), 1, 100);
        if (v.Failed(out var invalid))
        {
            return invalid;
        }

        var number = Numbers.Key(state.Options.SmsOriginationNumber);
        foreach (var id in ids ?? [])
        {
            if (id != SandboxState.PhoneNumberId && id != Arn("phone-number", SandboxState.PhoneNumberId) && id != number)
            {
                return NotFound("phone-number", id);
            }
        }

        var phone = new JsonObject
        {
            ["PhoneNumberArn"] = Arn("phone-number", SandboxState.PhoneNumberId),
            ["PhoneNumberId"] = SandboxState.PhoneNumberId,
            ["PhoneNumber"] = number,
            ["Status"] = "ACTIVE",
            ["IsoCountryCode"] = "US",
            ["MessageType"] = "TRANSACTIONAL",
            ["NumberCapabilities"] = new JsonArray("SMS", "MMS"),
            ["NumberType"] = "SIMULATOR",
            ["MonthlyLeasingPrice"] = "0.00",
            ["TwoWayEnabled"] = true,
            ["SelfManagedOptOutsEnabled"] = false,
            ["OptOutListName"] = SandboxState.DefaultOptOutListName,
            ["InternationalSendingEnabled"] = false,
            ["DeletionProtectionEnabled"] = false,
            ["PoolId"] = SandboxState.PoolId,
            ["CreatedTimestamp"] = 1_700_000_000,
        };
        return Ok(new JsonObject { ["PhoneNumbers"] = new JsonArray(phone) });
    }

    private SandboxResponse DescribeSpendLimits(Input input)
    {
        input.String("NextToken");
        var v = new Validator();
        v.Range("MaxResults", input.Int("MaxResults"), 1, 100);
        if (v.Failed(out var invalid))
        {
            return invalid;
        }

        var limits = new JsonArray();
        foreach (var (name, limit) in state.SpendLimits())
        {
            limits.Add((JsonNode)new JsonObject { ["Name"] = name, ["EnforcedLimit"] = limit, ["MaxLimit"] = limit, ["Overridden"] = false });
        }

        return Ok(new JsonObject { ["SpendLimits"] = limits });
    }

    private bool KnownOrigination(string identity)
    {
        var number = state.Options.SmsOriginationNumber;
        return identity == SandboxState.PoolId || identity == Arn("pool", SandboxState.PoolId) ||
            identity == SandboxState.PhoneNumberId || identity == Arn("phone-number", SandboxState.PhoneNumberId) ||
            identity == number || identity == number.TrimStart('+');
    }

    private string Arn(string type, string id) => $"arn:aws:sms-voice:{state.Options.AwsRegion}:{SandboxState.AwsAccountId}:{type}/{id}";

    private static double Epoch(DateTimeOffset timestamp) => timestamp.ToUnixTimeMilliseconds() / 1000d;

    private static List<T> Page<T>(List<T> items, string? nextToken, int pageSize, out string? next, out bool badToken)
    {
        var start = 0;
        badToken = false;
        if (nextToken is not null)
        {
            try
            {
                start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(nextToken)), NumberStyles.None, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                badToken = true;
                next = null;
                return [];
            }
        }

        var page = items.Skip(start).Take(pageSize).ToList();
        next = start + page.Count < items.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((start + page.Count).ToString(CultureInfo.InvariantCulture))) : null;
        return page;
    }

    private SandboxResponse NotFound(string type, string id) =>
        Error(400, "ResourceNotFoundException", $"Resource not found: {type} {id}", new JsonObject { ["ResourceType"] = type, ["ResourceId"] = id });

    private SandboxResponse Validation(string reason, string message, IEnumerable<(string Name, string Message)> fields)
    {
        var list = new JsonArray();
        foreach (var (name, text) in fields)
        {
            list.Add((JsonNode)new JsonObject { ["Name"] = name, ["Message"] = text });
        }

        return Error(400, "ValidationException", message, new JsonObject { ["Reason"] = reason, ["Fields"] = list });
    }

    private static SandboxResponse Ok(JsonObject body) =>
        SandboxResponse.Json(200, body.ToJsonString(), ContentType).WithHeader("x-amzn-RequestId", Ids.AwsMessageId());

    /// <summary>A modelled error: <c>__type</c> with the service namespace, <c>Message</c> and the shape's other members.</summary>
    private SandboxResponse Error(int status, string type, string? message, JsonObject? members = null)
    {
        emulator.Refused(SandboxProvider.Aws, type, status);
        var body = new JsonObject { ["__type"] = ErrorNamespace + type };
        if (message is not null)
        {
            body["Message"] = message;
        }

        foreach (var (name, value) in members ?? [])
        {
            body[name] = value?.DeepClone();
        }

        return SandboxResponse.Json(status, body.ToJsonString(), ContentType)
            .WithHeader("X-Amzn-ErrorType", type)
            .WithHeader("x-amzn-RequestId", Ids.AwsMessageId());
    }

    /// <summary>A protocol-level error of the service framework (unknown operation, unreadable JSON).</summary>
    private SandboxResponse CoralError(string type, string message)
    {
        emulator.Refused(SandboxProvider.Aws, type, 400);
        var body = new JsonObject { ["__type"] = "com.amazon.coral.service#" + type, ["Message"] = message };
        return SandboxResponse.Json(400, body.ToJsonString(), ContentType)
            .WithHeader("X-Amzn-ErrorType", type)
            .WithHeader("x-amzn-RequestId", Ids.AwsMessageId());
    }

    /// <summary>An authentication error, answered by AWS's front end before the service: no namespace, lower-case <c>message</c>, HTTP 403.</summary>
    private SandboxResponse AuthError(string type, string message)
    {
        emulator.Refused(SandboxProvider.Aws, type, 403);
        var body = new JsonObject { ["__type"] = type, ["message"] = message };
        return SandboxResponse.Json(403, body.ToJsonString(), ContentType)
            .WithHeader("X-Amzn-ErrorType", type)
            .WithHeader("x-amzn-RequestId", Ids.AwsMessageId());
    }

    [GeneratedRegex(@"^\+?[1-9][0-9]{1,18}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_:/\+-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OriginationPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_:/-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[ \S]+$", RegexOptions.CultureInvariant)]
    private static partial Regex KeywordPattern();

    [GeneratedRegex(@"^[0-9]{0,2}\.[0-9]{1,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex MaxPricePattern();

    [GeneratedRegex(@"^\S+$", RegexOptions.CultureInvariant)]
    private static partial Regex ContextKeyPattern();

    [GeneratedRegex(@"^s3://([a-z0-9\.-]{3,63})/(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex MediaUrlPattern();

    /// <summary>A member of the wrong JSON type: AWS answers <c>SerializationException</c>.</summary>
    private sealed class MalformedInputException(string message) : Exception(message);

    /// <summary>Typed reads of the request's members.</summary>
    private sealed class Input(JsonElement root)
    {
        public string? String(string name) => Get(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } e => e.GetString(),
            _ => throw new MalformedInputException($"Expected a string for {name}."),
        };

        public int? Int(string name) => Get(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var i) => i,
            _ => throw new MalformedInputException($"Expected an integer for {name}."),
        };

        public bool? Bool(string name) => Get(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw new MalformedInputException($"Expected a boolean for {name}."),
        };

        public List<string>? StringList(string name) => Get(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Array } e => [.. e.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : throw new MalformedInputException($"Expected strings in {name}."))],
            _ => throw new MalformedInputException($"Expected a list for {name}."),
        };

        public Dictionary<string, string>? Map(string name) => Get(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Object } e => e.EnumerateObject().ToDictionary(
                p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new MalformedInputException($"Expected string values in {name}."),
                StringComparer.Ordinal),
            _ => throw new MalformedInputException($"Expected a map for {name}."),
        };

        public List<(string Name, List<string> Values)> Filters(string name)
        {
            var result = new List<(string, List<string>)>();
            if (Get(name) is not { } list)
            {
                return result;
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new MalformedInputException($"Expected a list for {name}.");
            }

            foreach (var filter in list.EnumerateArray())
            {
                if (filter.ValueKind != JsonValueKind.Object || !filter.TryGetProperty("Name", out var n) || n.ValueKind != JsonValueKind.String ||
                    !filter.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Array)
                {
                    throw new MalformedInputException($"Expected Name and Values in {name}.");
                }

                result.Add((n.GetString()!, [.. values.EnumerateArray().Select(static x => x.GetString() ?? string.Empty)]));
            }

            return result;
        }

        private JsonElement? Get(string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    /// <summary>Collects constraint violations the way the service reports them: one message, a reason, and one entry per field.</summary>
    private sealed class Validator
    {
        private readonly List<(string Name, string Message)> _fields = [];

        public void Add(string name, string message) => _fields.Add((name, message));

        public void Required(string name, string? value)
        {
            if (value is null)
            {
                Add(name, "Member must not be null");
            }
        }

        public void Phone(string name, string? value, bool required)
        {
            if (value is null)
            {
                if (required)
                {
                    Add(name, "Member must not be null");
                }

                return;
            }

            if (value.Length is < 1 or > 20)
            {
                Add(name, "Member must have length between 1 and 20");
            }
            else if (!PhonePattern().IsMatch(value))
            {
                Add(name, @"Member must satisfy regular expression pattern: \+?[1-9][0-9]{1,18}");
            }
        }

        public void Text(string name, string? value, int min, int max, Regex pattern)
        {
            if (value is null)
            {
                return;
            }

            if (value.Length < min || value.Length > max)
            {
                Add(name, $"Member must have length between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
            }
            else if (!pattern.IsMatch(value))
            {
                Add(name, "Member must satisfy regular expression pattern: " + pattern.ToString().TrimStart('^').TrimEnd('$'));
            }
        }

        public void Body(string name, string? value)
        {
            if (value is null)
            {
                return;
            }

            if (value.Length is < 1 or > 1600)
            {
                Add(name, "Member must have length between 1 and 1600");
            }
            else if (string.IsNullOrWhiteSpace(value))
            {
                Add(name, @"Member must satisfy regular expression pattern: (?!\s*$)[\s\S]+");
            }
        }

        public void Enum(string name, string? value, string[] allowed)
        {
            if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
            {
                Add(name, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
            }
        }

        public void Range(string name, int? value, int min, int max)
        {
            if (value is { } v && (v < min || v > max))
            {
                Add(name, v < min
                    ? $"Member must have value greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}"
                    : $"Member must have value less than or equal to {max.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        public void Context(Dictionary<string, string>? context)
        {
            if (context is null)
            {
                return;
            }

            if (context.Count > 5)
            {
                Add("Context", "Member must have length less than or equal to 5");
            }

            foreach (var (key, value) in context)
            {
                if (key.Length is < 1 or > 100 || !ContextKeyPattern().IsMatch(key))
                {
                    Add("Context", @"Map keys must have length between 1 and 100 and satisfy regular expression pattern: \S+");
                }

                if (value.Length is < 1 or > 800 || value != value.Trim())
                {
                    Add("Context", @"Map values must have length between 1 and 800 and satisfy regular expression pattern: (?!\s)^[\s\S]+(?<!\s)");
                }
            }
        }

        public void CountryParameters(Dictionary<string, string>? parameters)
        {
            foreach (var (key, value) in parameters ?? [])
            {
                if (key is not ("IN_TEMPLATE_ID" or "IN_ENTITY_ID"))
                {
                    Add("DestinationCountryParameters", "Map keys must satisfy enum value set: [IN_TEMPLATE_ID, IN_ENTITY_ID]");
                }

                if (value.Length is < 1 or > 64 || !NamePattern().IsMatch(value))
                {
                    Add("DestinationCountryParameters", "Map values must have length between 1 and 64 and satisfy regular expression pattern: [A-Za-z0-9_:/-]+");
                }
            }
        }

        public void Media(List<string>? urls)
        {
            if (urls is null)
            {
                return;
            }

            if (urls.Count != 1)
            {
                Add("MediaUrls", "Member must have length between 1 and 1");
            }

            foreach (var url in urls)
            {
                if (url.Length is < 1 or > 2048 || !MediaUrlPattern().IsMatch(url))
                {
                    Add("MediaUrls", @"Member must satisfy regular expression pattern: s3://([a-z0-9\.-]{3,63})/(.+)");
                }
            }
        }

        public bool Failed(out SandboxResponse response)
        {
            response = null!;
            if (_fields.Count == 0)
            {
                return false;
            }

            var count = _fields.Count.ToString(CultureInfo.InvariantCulture);
            var message = $"{count} validation error{(_fields.Count == 1 ? string.Empty : "s")} detected: " +
                string.Join("; ", _fields.Select(static f => $"Value at '{char.ToLowerInvariant(f.Name[0])}{f.Name[1..]}' failed to satisfy constraint: {f.Message}"));
            response = new ValidationFailure(message, _fields).Response;
            return true;
        }
    }

    /// <summary>Carries a <see cref="Validator"/>'s result out without giving it the API instance.</summary>
    private sealed class ValidationFailure(string message, List<(string Name, string Message)> fields)
    {
        public SandboxResponse Response
        {
            get
            {
                var list = new JsonArray();
                foreach (var (name, text) in fields)
                {
                    list.Add((JsonNode)new JsonObject { ["Name"] = name, ["Message"] = text });
                }

                var body = new JsonObject
                {
                    ["__type"] = ErrorNamespace + "ValidationException",
                    ["Message"] = message,
                    ["Reason"] = "FIELD_VALIDATION_FAILED",
                    ["Fields"] = list,
                };
                return SandboxResponse.Json(400, body.ToJsonString(), ContentType)
                    .WithHeader("X-Amzn-ErrorType", "ValidationException")
                    .WithHeader("x-amzn-RequestId", Ids.AwsMessageId());
            }
        }
    }
}
