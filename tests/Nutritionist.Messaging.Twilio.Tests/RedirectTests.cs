using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Twilio.Tests;

public class RedirectTests
{
    [TestCase("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json", "http://127.0.0.1:4010", "http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Messages.json")]
    [TestCase("https://content.twilio.com/v1/ContentAndApprovals?PageSize=50&PageToken=a%2Bb%3D", "http://127.0.0.1:4010/", "http://127.0.0.1:4010/v1/ContentAndApprovals?PageSize=50&PageToken=a%2Bb%3D")]
    [TestCase("https://messaging.twilio.com/v2/Channels/Senders/XE1", "https://sandbox.local:8443/twilio/", "https://sandbox.local:8443/twilio/v2/Channels/Senders/XE1")]
    public void Path_and_escaped_query_are_kept_under_the_base(string original, string target, string expected)
    {
        var redirected = TwilioHttpHandler.Redirect(new Uri(original), new Uri(target));

        Assert.That(redirected.AbsoluteUri, Is.EqualTo(expected));
    }

    [TestCase("api.twilio.com", true)]
    [TestCase("content.twilio.com", true)]
    [TestCase("api.dublin.ie1.twilio.com", true)]
    [TestCase("twilio.com.evil.example", false)]
    [TestCase("nottwilio.com", false)]
    public void Only_Twilio_hosts_are_redirected(string host, bool expected) =>
        Assert.That(TwilioHttpHandler.IsTwilioHost(host), Is.EqualTo(expected));

    [Test]
    public async Task The_call_context_reaches_the_request_and_never_its_caller()
    {
        TwilioCallContext? inside = null;
        var stub = new Nutritionist.Messaging.Testing.Shared.StubHttpHandler(_ =>
        {
            inside = TwilioCallContext.Current;
            return TestTwilio.Json(System.Net.HttpStatusCode.OK, "{}");
        });
        await using var services = TestTwilio.Services(stub);
        var account = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TwilioAccount>(services);

        await account.RequestAsync(new global::Twilio.Http.Request(global::Twilio.Http.HttpMethod.Get, global::Twilio.Rest.Domain.Api, "/2010-04-01/Accounts/AC1.json"), CancellationToken.None);

        Assert.That(inside, Is.Not.Null, "the handler sees the call's context");
        Assert.That(TwilioCallContext.Current, Is.Null, "set inside RequestAsync, undone for its caller");
    }
}

