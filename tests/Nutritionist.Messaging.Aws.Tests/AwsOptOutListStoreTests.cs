using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Nutritionist.Messaging.Aws.Internal;
using Nutritionist.Messaging.Aws.Wire;
using Nutritionist.Messaging.OptOut;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary><c>UseAwsOptOutList</c>: SMS opt-outs read from and written to the AWS opt-out list, with a short cache.</summary>
public sealed class AwsOptOutListStoreTests
{
    private const string Number = "+14155552671";
    private const string ListArn = "arn:aws:sms-voice:us-east-1:111122223333:opt-out-list/Default";

    [Test]
    public async Task Reads_the_list_and_caches_the_answer_for_a_short_time()
    {
        var optedOut = new HashSet<string> { Number };
        var (store, handler, time) = Store(r => Answer(r, optedOut));

        Assert.That(await store.IsOptedOutAsync(Number, MessagingPlatform.Sms), Is.True);
        Assert.That(await store.IsOptedOutAsync("+14155552672", MessagingPlatform.Sms), Is.False);
        Assert.That(await store.IsOptedOutAsync(Number, MessagingPlatform.Sms), Is.True);
        Assert.That(handler.Requests, Has.Count.EqualTo(2), "the second look-up of the same number is cached");

        var request = handler.Requests.First();
        Assert.That(request.Header("X-Amz-Target"), Is.EqualTo("PinpointSMSVoiceV2.DescribeOptedOutNumbers"));
        Assert.That(request.BodyText, Is.EqualTo("""{"OptOutListName":"Default","OptedOutNumbers":["+14155552671"]}"""));

        // Someone opts in through the console; after the cache expires the store sees it.
        optedOut.Clear();
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.That(await store.IsOptedOutAsync(Number, MessagingPlatform.Sms), Is.True);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(await store.IsOptedOutAsync(Number, MessagingPlatform.Sms), Is.False);
        Assert.That(handler.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Writes_sms_opt_outs_and_opt_ins_back()
    {
        var optedOut = new HashSet<string>();
        var (store, handler, _) = Store(r => Answer(r, optedOut));

        await store.OptOutAsync(Number, MessagingPlatform.Sms);
        Assert.That(optedOut, Does.Contain(Number));
        Assert.That(await store.IsOptedOutAsync(Number, MessagingPlatform.Sms), Is.True);

        await store.OptInAsync(Number, MessagingPlatform.Sms);
        Assert.That(optedOut, Is.Empty);
        Assert.That(await store.IsOptedOutAsync(Number, MessagingPlatform.Sms), Is.False);

        Assert.That(handler.Requests.Select(r => r.Header("X-Amz-Target")), Is.EqualTo(new[]
        {
            "PinpointSMSVoiceV2.PutOptedOutNumber",
            "PinpointSMSVoiceV2.DeleteOptedOutNumber",
        }), "answers after a write come from the cache");
        Assert.That(handler.Requests.First().BodyText, Is.EqualTo("""{"OptOutListName":"Default","OptedOutNumber":"+14155552671"}"""));
    }

    [Test]
    public async Task WhatsApp_stays_local()
    {
        var (store, handler, _) = Store(r => Answer(r, []));

        await store.OptOutAsync(Number, MessagingPlatform.WhatsApp);

        Assert.That(await store.IsOptedOutAsync(Number, MessagingPlatform.WhatsApp), Is.True);
        Assert.That(await store.IsOptedOutAsync(Number, MessagingPlatform.Sms), Is.False);
        Assert.That(handler.Requests.Select(r => r.Header("X-Amz-Target")), Is.EqualTo(new[] { "PinpointSMSVoiceV2.DescribeOptedOutNumbers" }));
    }

    [Test]
    public async Task Opt_out_for_every_platform_writes_to_AWS_and_locally()
    {
        var optedOut = new HashSet<string>();
        var (store, _, _) = Store(r => Answer(r, optedOut));

        await store.OptOutAsync(Number);

        Assert.That(optedOut, Does.Contain(Number));
        Assert.That(await store.IsOptedOutAsync(Number, MessagingPlatform.WhatsApp), Is.True);
    }

    [Test]
    public async Task A_failed_look_up_falls_back_to_the_local_answer()
    {
        var (store, _, _) = Store(_ => TestAws.Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded"));

        Assert.That(await store.IsOptedOutAsync(Number, MessagingPlatform.Sms), Is.False);
        Assert.That(await store.IsOptedOutAsync(Number, MessagingPlatform.Sms), Is.False);
    }

    [Test]
    public void A_failed_write_is_reported_but_kept_locally()
    {
        var (store, _, _) = Store(_ => TestAws.Error(HttpStatusCode.Forbidden, "AccessDeniedException", "not allowed"));

        var e = Assert.ThrowsAsync<MessagingException>(async () => await store.OptOutAsync(Number, MessagingPlatform.Sms));
        Assert.That(e!.Code, Is.EqualTo(MessagingErrorCode.AccessDenied));
    }

    [Test]
    public async Task Opt_in_of_a_number_not_on_the_list_succeeds()
    {
        var (store, _, _) = Store(_ => TestAws.Error(HttpStatusCode.NotFound, "ResourceNotFoundException", "not found", extra: ",\"ResourceType\":\"opted-out-number\""));
        await store.OptInAsync(Number, MessagingPlatform.Sms);
        Assert.Pass();
    }

    [Test]
    public async Task UseAwsOptOutList_replaces_the_opt_out_store_and_the_router_consults_it()
    {
        var handler = new StubHttpHandler(r => r.Header("X-Amz-Target") == "PinpointSMSVoiceV2.DescribeOptedOutNumbers"
            ? Answer(r, [Number])
            : TestAws.Json("""{"MessageId":"m"}"""));
        var services = new ServiceCollection();
        services.AddNutritionistMessaging(o => o.DefaultRegion = "US")
            .AddAwsSms(o =>
            {
                o.Region = "us-east-1";
                o.AccessKeyId = TestAws.AccessKeyId;
                o.SecretAccessKey = TestAws.SecretAccessKey;
            })
            .UseAwsOptOutList(o => o.CacheDuration = TimeSpan.FromSeconds(30));
        services.AddHttpClient(SmsVoiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetServices<IOptOutStore>().Single(), Is.InstanceOf<AwsOptOutListStore>());
        var result = await provider.GetRequiredService<IMessagingClient>().SendAsync(new OutboundMessage(Number, "hi"));

        Assert.That(result.Status, Is.EqualTo(SendStatus.Rejected));
        Assert.That(result.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
        Assert.That(handler.Requests.Select(r => r.Header("X-Amz-Target")), Is.EqualTo(new[] { "PinpointSMSVoiceV2.DescribeOptedOutNumbers" }), "no send was attempted");
    }

    private static (AwsOptOutListStore Store, StubHttpHandler Handler, FakeTimeProvider Time) Store(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        var (client, handler, time) = TestAws.Client(respond);
        var store = new AwsOptOutListStore(client, "Default", new InMemoryOptOutStore(), time, TimeSpan.FromMinutes(1), NullLogger<AwsOptOutListStore>.Instance);
        return (store, handler, time);
    }

    /// <summary>A tiny opt-out list service over a set.</summary>
    private static HttpResponseMessage Answer(RecordedRequest request, HashSet<string> optedOut)
    {
        using var body = JsonDocument.Parse(request.BodyText);
        var root = body.RootElement;
        switch (request.Header("X-Amz-Target"))
        {
            case "PinpointSMSVoiceV2.DescribeOptedOutNumbers":
                var asked = root.GetProperty("OptedOutNumbers").EnumerateArray().Select(n => n.GetString()!).Where(optedOut.Contains);
                var items = string.Join(',', asked.Select(n => $$"""{"OptedOutNumber":"{{n}}","OptedOutTimestamp":1764028800,"EndUserOptedOut":true}"""));
                return TestAws.Json($$"""{"OptOutListArn":"{{ListArn}}","OptOutListName":"Default","OptedOutNumbers":[{{items}}]}""");
            case "PinpointSMSVoiceV2.PutOptedOutNumber":
                optedOut.Add(root.GetProperty("OptedOutNumber").GetString()!);
                return TestAws.Json($$"""{"OptOutListArn":"{{ListArn}}","OptOutListName":"Default","OptedOutNumber":"{{Number}}","OptedOutTimestamp":1764028800,"EndUserOptedOut":false}""");
            case "PinpointSMSVoiceV2.DeleteOptedOutNumber":
                optedOut.Remove(root.GetProperty("OptedOutNumber").GetString()!);
                return TestAws.Json($$"""{"OptOutListArn":"{{ListArn}}","OptOutListName":"Default","OptedOutNumber":"{{Number}}","OptedOutTimestamp":1764028800,"EndUserOptedOut":false}""");
            default:
                return TestAws.Error(HttpStatusCode.BadRequest, "UnknownOperationException", "unknown");
        }
    }
}
