using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Twilio.Tests;

public class TwoAccountsTests
{
    [Test]
    public async Task Two_containers_in_one_process_each_send_with_their_own_account_and_credentials()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var first = TestTwilio.Services(stub, TestTwilio.Valid);
        await using var second = TestTwilio.Services(stub, o =>
        {
            o.AccountSid = TestTwilio.OtherAccountSid;
            o.AuthToken = TestTwilio.OtherAuthToken;
            o.From = "whatsapp:+15005550006";
        });

        // Interleaved and concurrent, so a shared or static client would show.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            TestTwilio.Provider(i % 2 == 0 ? first : second).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "n" + i))));

        Assert.That(stub.Requests, Has.Count.EqualTo(20));
        foreach (var request in stub.Requests)
        {
            var form = TestTwilio.Form(request).ToDictionary(p => p.Key, p => p.Value);
            var isFirst = form["From"] == TestTwilio.From;
            var (sid, token) = isFirst ? (TestTwilio.AccountSid, TestTwilio.AuthToken) : (TestTwilio.OtherAccountSid, TestTwilio.OtherAuthToken);
            Assert.That(request.Message.RequestUri!.AbsolutePath, Is.EqualTo($"/2010-04-01/Accounts/{sid}/Messages.json"));
            Assert.That(request.Header("Authorization"), Is.EqualTo(TestTwilio.BasicAuth(sid, token)));
            Assert.That(int.Parse(form["Body"][1..], System.Globalization.CultureInfo.InvariantCulture) % 2, Is.EqualTo(isFirst ? 0 : 1));
        }
    }

    [Test]
    public async Task The_SDKs_static_client_is_never_initialised()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var services = TestTwilio.Services(stub);

        await TestTwilio.Provider(services).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "hi"));

        Assert.Throws<global::Twilio.Exceptions.AuthenticationException>(() => global::Twilio.TwilioClient.GetRestClient());
    }

    [Test]
    public async Task Each_account_goes_to_its_own_base_url()
    {
        var stub = new StubHttpHandler(_ => TestTwilio.Created());
        await using var sandbox = TestTwilio.Services(stub, o =>
        {
            TestTwilio.Valid(o);
            o.ApiBaseUrl = new Uri("http://127.0.0.1:4010/twilio/");
        });
        await using var production = TestTwilio.Services(stub, o =>
        {
            o.AccountSid = TestTwilio.OtherAccountSid;
            o.AuthToken = TestTwilio.OtherAuthToken;
            o.From = TestTwilio.From;
        });

        await TestTwilio.Provider(sandbox).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "a"));
        await TestTwilio.Provider(production).SendAsync(new WhatsAppMessage(TestTwilio.Recipient, "b"));

        var requests = stub.Requests.ToList();
        Assert.That(requests[0].Message.RequestUri, Is.EqualTo(new Uri($"http://127.0.0.1:4010/twilio/2010-04-01/Accounts/{TestTwilio.AccountSid}/Messages.json")));
        Assert.That(requests[0].Header("X-Forwarded-Host"), Is.EqualTo("api.twilio.com"));
        Assert.That(requests[1].Message.RequestUri, Is.EqualTo(new Uri($"https://api.twilio.com/2010-04-01/Accounts/{TestTwilio.OtherAccountSid}/Messages.json")));
        Assert.That(requests[1].Header("X-Forwarded-Host"), Is.Null);
    }
}
