using System.Text.Json;
using System.Text.RegularExpressions;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>Each operation: the exact request for a full input, checked against the model, and a realistic response parsed.</summary>
public sealed partial class SmsVoiceClientTests
{
    private const string Pool = "pool-0123456789abcdef0123456789abcdef";

    [Test]
    public async Task SendTextMessage_request_and_response()
    {
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""{"MessageId":"7c1a0f7e-3bd4-4d5b-9d2e-2a6c1f0d9f11","SomethingNew":{"x":1}}"""));

        var result = await client.SendTextMessageAsync(new SendTextMessageRequest
        {
            DestinationPhoneNumber = "+14155552671",
            OriginationIdentity = Pool,
            MessageBody = "Your meal plan is ready! Bon appétit 🥗",
            MessageType = "TRANSACTIONAL",
            Keyword = "MEALS",
            ConfigurationSetName = "nutrition-events",
            MaxPrice = "0.05",
            TimeToLive = 3600,
            Context = new() { ["ClientReference"] = "order-42" },
            DestinationCountryParameters = new() { ["IN_TEMPLATE_ID"] = "1107161234567890123", ["IN_ENTITY_ID"] = "1101161234567890123" },
            DryRun = true,
            ProtectConfigurationId = "protect-0123456789abcdef0123456789abcdef",
            MessageFeedbackEnabled = true,
        }, CancellationToken.None);

        Assert.That(result.MessageId, Is.EqualTo("7c1a0f7e-3bd4-4d5b-9d2e-2a6c1f0d9f11"));

        // "+" and "é" go as they are; System.Text.Json always escapes surrogate pairs (valid JSON, AWS decodes it).
        AssertRequest(handler, "SendTextMessage",
            """{"DestinationPhoneNumber":"+14155552671","OriginationIdentity":"pool-0123456789abcdef0123456789abcdef","MessageBody":"Your meal plan is ready! Bon appétit \uD83E\uDD57","MessageType":"TRANSACTIONAL","Keyword":"MEALS","ConfigurationSetName":"nutrition-events","MaxPrice":"0.05","TimeToLive":3600,"Context":{"ClientReference":"order-42"},"DestinationCountryParameters":{"IN_TEMPLATE_ID":"1107161234567890123","IN_ENTITY_ID":"1101161234567890123"},"DryRun":true,"ProtectConfigurationId":"protect-0123456789abcdef0123456789abcdef","MessageFeedbackEnabled":true}""",
            typeof(SendTextMessageRequest));
    }

    [Test]
    public async Task SendTextMessage_omits_null_members()
    {
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""{"MessageId":"m-1"}"""));
        await client.SendTextMessageAsync(new SendTextMessageRequest { DestinationPhoneNumber = "+447700900123", MessageBody = "Hi" }, CancellationToken.None);
        Assert.That(handler.Requests.Single().BodyText, Is.EqualTo("""{"DestinationPhoneNumber":"+447700900123","MessageBody":"Hi"}"""));
    }

    [Test]
    public async Task SendMediaMessage_request_and_response()
    {
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""{"MessageId":"mms-1"}"""));

        var result = await client.SendMediaMessageAsync(new SendMediaMessageRequest
        {
            DestinationPhoneNumber = "+14155552671",
            OriginationIdentity = "+12065550100",
            MessageBody = "Today's plate",
            MediaUrls = ["s3://nutrition-media/plates/2026-11-25.jpg"],
            ConfigurationSetName = "nutrition-events",
            MaxPrice = "0.10",
            TimeToLive = 600,
            Context = new() { ["ClientReference"] = "plate-7" },
            DryRun = true,
            ProtectConfigurationId = "protect-0123456789abcdef0123456789abcdef",
            MessageFeedbackEnabled = false,
        }, CancellationToken.None);

        Assert.That(result.MessageId, Is.EqualTo("mms-1"));
        AssertRequest(handler, "SendMediaMessage",
            """{"DestinationPhoneNumber":"+14155552671","OriginationIdentity":"+12065550100","MessageBody":"Today's plate","MediaUrls":["s3://nutrition-media/plates/2026-11-25.jpg"],"ConfigurationSetName":"nutrition-events","MaxPrice":"0.10","TimeToLive":600,"Context":{"ClientReference":"plate-7"},"DryRun":true,"ProtectConfigurationId":"protect-0123456789abcdef0123456789abcdef","MessageFeedbackEnabled":false}""",
            typeof(SendMediaMessageRequest));
    }

    [Test]
    public async Task DescribeOptedOutNumbers_request_and_response()
    {
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""
            {"OptOutListArn":"arn:aws:sms-voice:us-east-1:111122223333:opt-out-list/Default","OptOutListName":"Default",
             "OptedOutNumbers":[{"OptedOutNumber":"+14155552671","OptedOutTimestamp":1.7640288E9,"EndUserOptedOut":true}],
             "NextToken":"tok-2"}
            """));

        var result = await client.DescribeOptedOutNumbersAsync(new DescribeOptedOutNumbersRequest
        {
            OptOutListName = "Default",
            OptedOutNumbers = ["+14155552671"],
            Filters = [new Filter { Name = "end-user-opted-out", Values = ["true"] }],
            NextToken = "tok-1",
            MaxResults = 10,
        }, CancellationToken.None);

        AssertRequest(handler, "DescribeOptedOutNumbers",
            """{"OptOutListName":"Default","OptedOutNumbers":["+14155552671"],"Filters":[{"Name":"end-user-opted-out","Values":["true"]}],"NextToken":"tok-1","MaxResults":10}""",
            typeof(DescribeOptedOutNumbersRequest));
        Assert.Multiple(() =>
        {
            Assert.That(result.OptOutListName, Is.EqualTo("Default"));
            Assert.That(result.OptOutListArn, Does.EndWith("opt-out-list/Default"));
            Assert.That(result.NextToken, Is.EqualTo("tok-2"));
            var number = result.OptedOutNumbers!.Single();
            Assert.That(number.OptedOutNumber, Is.EqualTo("+14155552671"));
            Assert.That(number.EndUserOptedOut, Is.True);
            Assert.That(number.OptedOutTimestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1_764_028_800)));
        });
    }

    [Test]
    public async Task PutOptedOutNumber_request_and_response()
    {
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""
            {"OptOutListArn":"arn:aws:sms-voice:us-east-1:111122223333:opt-out-list/Default","OptOutListName":"Default","OptedOutNumber":"+14155552671","OptedOutTimestamp":1764028800.123,"EndUserOptedOut":false}
            """));
        var result = await client.PutOptedOutNumberAsync(new OptedOutNumberRequest { OptOutListName = "Default", OptedOutNumber = "+14155552671" }, CancellationToken.None);

        AssertRequest(handler, "PutOptedOutNumber", """{"OptOutListName":"Default","OptedOutNumber":"+14155552671"}""", typeof(OptedOutNumberRequest));
        Assert.That(result.OptedOutNumber, Is.EqualTo("+14155552671"));
        Assert.That(result.OptedOutTimestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1_764_028_800_123)));
        Assert.That(result.EndUserOptedOut, Is.False);
    }

    [Test]
    public async Task DeleteOptedOutNumber_request_and_response()
    {
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""
            {"OptOutListArn":"arn:aws:sms-voice:us-east-1:111122223333:opt-out-list/Default","OptOutListName":"Default","OptedOutNumber":"+14155552671","OptedOutTimestamp":1764028800,"EndUserOptedOut":false}
            """));
        var result = await client.DeleteOptedOutNumberAsync(new OptedOutNumberRequest { OptOutListName = "Default", OptedOutNumber = "+14155552671" }, CancellationToken.None);

        AssertRequest(handler, "DeleteOptedOutNumber", """{"OptOutListName":"Default","OptedOutNumber":"+14155552671"}""", typeof(OptedOutNumberRequest));
        Assert.That(result.OptOutListArn, Does.StartWith("arn:aws:sms-voice:"));
        Assert.That(ServiceModel.MemberNames(ServiceModel.InputShape("DeleteOptedOutNumber")), Is.EquivalentTo(ServiceModel.MemberNames(ServiceModel.InputShape("PutOptedOutNumber"))),
            "one request type serves both operations because their inputs are the same");
    }

    [Test]
    public async Task DescribePools_request_and_response()
    {
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""
            {"Pools":[{"PoolArn":"arn:aws:sms-voice:us-east-1:111122223333:pool/pool-0123456789abcdef0123456789abcdef","PoolId":"pool-0123456789abcdef0123456789abcdef",
              "Status":"ACTIVE","MessageType":"TRANSACTIONAL","TwoWayEnabled":true,"TwoWayChannelArn":"arn:aws:sns:us-east-1:111122223333:inbound-sms",
              "SelfManagedOptOutsEnabled":false,"OptOutListName":"Default","SharedRoutesEnabled":true,"DeletionProtectionEnabled":false,"CreatedTimestamp":1700000000.5}]}
            """));
        var result = await client.DescribePoolsAsync(new DescribePoolsRequest
        {
            PoolIds = [Pool],
            Filters = [new Filter { Name = "status", Values = ["ACTIVE"] }],
            NextToken = "n1",
            MaxResults = 5,
            Owner = "SELF",
        }, CancellationToken.None);

        AssertRequest(handler, "DescribePools",
            """{"PoolIds":["pool-0123456789abcdef0123456789abcdef"],"Filters":[{"Name":"status","Values":["ACTIVE"]}],"NextToken":"n1","MaxResults":5,"Owner":"SELF"}""",
            typeof(DescribePoolsRequest));
        var pool = result.Pools!.Single();
        Assert.Multiple(() =>
        {
            Assert.That(pool.PoolId, Is.EqualTo(Pool));
            Assert.That(pool.Status, Is.EqualTo("ACTIVE"));
            Assert.That(pool.TwoWayEnabled, Is.True);
            Assert.That(pool.SharedRoutesEnabled, Is.True);
            Assert.That(pool.OptOutListName, Is.EqualTo("Default"));
            Assert.That(pool.CreatedTimestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500)));
            Assert.That(result.NextToken, Is.Null);
        });
    }

    [Test]
    public async Task DescribePhoneNumbers_request_and_response()
    {
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""
            {"PhoneNumbers":[{"PhoneNumberArn":"arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-1","PhoneNumberId":"phone-1",
              "PhoneNumber":"+12065550100","Status":"ACTIVE","IsoCountryCode":"US","MessageType":"TRANSACTIONAL","NumberCapabilities":["SMS","VOICE","MMS"],
              "NumberType":"TOLL_FREE","MonthlyLeasingPrice":"2.00","TwoWayEnabled":false,"SelfManagedOptOutsEnabled":false,"OptOutListName":"Default",
              "InternationalSendingEnabled":false,"DeletionProtectionEnabled":true,"PoolId":"pool-0123456789abcdef0123456789abcdef","RegistrationId":"registration-1",
              "CreatedTimestamp":1700000000,"FutureField":"ignored"}],"NextToken":"more"}
            """));
        var result = await client.DescribePhoneNumbersAsync(new DescribePhoneNumbersRequest
        {
            PhoneNumberIds = ["phone-1"],
            Filters = [new Filter { Name = "iso-country-code", Values = ["US"] }],
            NextToken = "n1",
            MaxResults = 20,
            Owner = "SHARED",
        }, CancellationToken.None);

        AssertRequest(handler, "DescribePhoneNumbers",
            """{"PhoneNumberIds":["phone-1"],"Filters":[{"Name":"iso-country-code","Values":["US"]}],"NextToken":"n1","MaxResults":20,"Owner":"SHARED"}""",
            typeof(DescribePhoneNumbersRequest));
        var number = result.PhoneNumbers!.Single();
        Assert.Multiple(() =>
        {
            Assert.That(number.PhoneNumber, Is.EqualTo("+12065550100"));
            Assert.That(number.NumberCapabilities, Is.EqualTo(new[] { "SMS", "VOICE", "MMS" }));
            Assert.That(number.NumberType, Is.EqualTo("TOLL_FREE"));
            Assert.That(number.IsoCountryCode, Is.EqualTo("US"));
            Assert.That(number.DeletionProtectionEnabled, Is.True);
            Assert.That(number.PoolId, Is.EqualTo(Pool));
            Assert.That(number.MonthlyLeasingPrice, Is.EqualTo("2.00"));
            Assert.That(result.NextToken, Is.EqualTo("more"));
        });
    }

    [Test]
    public async Task DescribeSpendLimits_request_and_response()
    {
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""
            {"SpendLimits":[{"Name":"TEXT_MESSAGE_MONTHLY_SPEND_LIMIT","EnforcedLimit":100,"MaxLimit":10000,"Overridden":true},
                            {"Name":"MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT","EnforcedLimit":1,"MaxLimit":1,"Overridden":false}]}
            """));
        var result = await client.DescribeSpendLimitsAsync(new DescribeSpendLimitsRequest { NextToken = "n1", MaxResults = 2 }, CancellationToken.None);

        AssertRequest(handler, "DescribeSpendLimits", """{"NextToken":"n1","MaxResults":2}""", typeof(DescribeSpendLimitsRequest));
        Assert.That(result.SpendLimits!.Select(s => (s.Name, s.EnforcedLimit, s.MaxLimit, s.Overridden)), Is.EqualTo(new[]
        {
            ("TEXT_MESSAGE_MONTHLY_SPEND_LIMIT", 100L, 10000L, true),
            ("MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT", 1L, 1L, false),
        }));
    }

    [TestCase(typeof(SendMessageResult), "SendTextMessage")]
    [TestCase(typeof(SendMessageResult), "SendMediaMessage")]
    [TestCase(typeof(DescribeOptedOutNumbersResult), "DescribeOptedOutNumbers")]
    [TestCase(typeof(OptedOutNumberResult), "PutOptedOutNumber")]
    [TestCase(typeof(OptedOutNumberResult), "DeleteOptedOutNumber")]
    [TestCase(typeof(DescribePoolsResult), "DescribePools")]
    [TestCase(typeof(DescribePhoneNumbersResult), "DescribePhoneNumbers")]
    [TestCase(typeof(DescribeSpendLimitsResult), "DescribeSpendLimits")]
    public void Response_types_read_only_members_of_the_model(Type type, string operation)
    {
        var members = ServiceModel.MemberNames(ServiceModel.OutputShape(operation));
        Assert.That(type.GetProperties().Select(p => p.Name), Is.SubsetOf(members));
    }

    [Test]
    public void Nested_types_match_their_model_shapes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(typeof(OptedOutNumberInformation).GetProperties().Select(p => p.Name), Is.EquivalentTo(ServiceModel.MemberNames("OptedOutNumberInformation")));
            Assert.That(typeof(PoolInformation).GetProperties().Select(p => p.Name), Is.EquivalentTo(ServiceModel.MemberNames("PoolInformation")));
            Assert.That(typeof(PhoneNumberInformation).GetProperties().Select(p => p.Name), Is.EquivalentTo(ServiceModel.MemberNames("PhoneNumberInformation")));
            Assert.That(typeof(SpendLimit).GetProperties().Select(p => p.Name), Is.EquivalentTo(ServiceModel.MemberNames("SpendLimit")));
            Assert.That(typeof(Filter).GetProperties().Select(p => p.Name), Is.EquivalentTo(ServiceModel.MemberNames("PoolFilter")));
        });
    }

    [Test]
    public async Task Session_token_is_sent_and_signed()
    {
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""{"MessageId":"m"}"""), token: "session-token-value");
        await client.SendTextMessageAsync(new SendTextMessageRequest { DestinationPhoneNumber = "+14155552671", MessageBody = "x" }, CancellationToken.None);

        var request = handler.Requests.Single();
        Assert.That(request.Header("X-Amz-Security-Token"), Is.EqualTo("session-token-value"));
        Assert.That(request.Header("Authorization"), Does.Contain("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"));
    }

    [Test]
    public async Task Custom_endpoint_with_a_port_signs_host_with_the_port()
    {
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""{"MessageId":"m"}"""), endpoint: new Uri("http://127.0.0.1:4566"));
        await client.SendTextMessageAsync(new SendTextMessageRequest { DestinationPhoneNumber = "+14155552671", MessageBody = "x" }, CancellationToken.None);

        var request = handler.Requests.Single();
        Assert.That(request.Message.RequestUri, Is.EqualTo(new Uri("http://127.0.0.1:4566/")));
        Assert.That(ResignedAuthorization(request, "127.0.0.1:4566"), Is.EqualTo(request.Header("Authorization")));
    }

    [Test]
    public async Task Custom_endpoint_with_a_path_and_a_query_signs_both()
    {
        // Never AWS's own endpoint, but a proxy in front of it may need one; the query goes to the general signer.
        var (client, handler, _) = TestAws.Client(_ => TestAws.Json("""{"MessageId":"m"}"""), endpoint: new Uri("https://proxy.example.com/aws/sms?tenant=nutri%20coach&b=2"));
        await client.SendTextMessageAsync(new SendTextMessageRequest { DestinationPhoneNumber = "+14155552671", MessageBody = "x" }, CancellationToken.None);

        var request = handler.Requests.Single();
        Assert.That(
            ResignedAuthorization(request, "proxy.example.com", "/aws/sms", "tenant=nutri%20coach&b=2"),
            Is.EqualTo(request.Header("Authorization")));
        Assert.That(
            ResignedAuthorization(request, "proxy.example.com", "/aws/sms"),
            Is.Not.EqualTo(request.Header("Authorization")),
            "the query is part of the signature");
    }

    private static void AssertRequest(StubHttpHandler handler, string operation, string expectedBody, Type requestType)
    {
        var request = handler.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Message.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.Message.RequestUri, Is.EqualTo(new Uri("https://sms-voice.us-east-1.amazonaws.com/")));
            Assert.That(request.Header("X-Amz-Target"), Is.EqualTo("PinpointSMSVoiceV2." + operation));
            Assert.That(request.Header("Content-Type"), Is.EqualTo("application/x-amz-json-1.0"));
            Assert.That(request.Header("X-Amz-Date"), Is.EqualTo("20261125T123600Z"));
            Assert.That(request.Header("X-Amz-Security-Token"), Is.Null);
            Assert.That(request.Header("Authorization"), Does.Match(AuthorizationShape()));
            Assert.That(ResignedAuthorization(request, "sms-voice.us-east-1.amazonaws.com"), Is.EqualTo(request.Header("Authorization")));
            Assert.That(request.BodyText, Is.EqualTo(expectedBody));
        });

        // Every member the request type can carry exists in the operation's input shape, and this full body conforms to it.
        var inputShape = ServiceModel.InputShape(operation);
        Assert.That(requestType.GetProperties().Select(p => p.Name), Is.SubsetOf(ServiceModel.MemberNames(inputShape)));
        using var body = JsonDocument.Parse(request.BodyText);
        Assert.That(ServiceModel.Validate(body.RootElement, inputShape), Is.Empty);
    }

    /// <summary>Signs the recorded request again from its parts, independently of how the client assembled it.</summary>
    private static string ResignedAuthorization(RecordedRequest request, string host, string path = "/", string query = "")
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", host),
            new("Content-Type", request.Header("Content-Type")!),
            new("X-Amz-Target", request.Header("X-Amz-Target")!),
        };
        if (request.Header("X-Amz-Security-Token") is { } token)
        {
            headers.Add(new("X-Amz-Security-Token", token));
        }

        var signature = SigV4.Sign(
            new SigV4Request { Method = "POST", Path = path, Query = query, Headers = headers, Body = request.Body ?? [] },
            TestAws.Credentials(),
            "us-east-1",
            "sms-voice",
            DateTimeOffset.ParseExact(request.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal));
        return signature.Authorization;
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/sms-voice/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationShape();
}
