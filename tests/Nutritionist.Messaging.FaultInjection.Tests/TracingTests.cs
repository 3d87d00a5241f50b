using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Telemetry;

namespace Nutritionist.Messaging.FaultInjection.Tests;

/// <summary>Over real sockets: the provider's HTTP call is a child of the library's send activity.</summary>
[NonParallelizable]
public class TracingTests
{
    [TestCase(MessagingPlatform.Sms)]
    [TestCase(MessagingPlatform.WhatsApp)]
    public async Task The_provider_http_call_is_nested_under_the_send_activity(MessagingPlatform platform)
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is MessagingTelemetry.ActivitySourceName or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await FaultServer.StartAsync(FaultServer.Sequence(), TimeSpan.FromSeconds(1));
        using var services = platform == MessagingPlatform.Sms ? Clients.Build(server.BaseAddress, null) : Clients.Build(null, server.BaseAddress);

        var result = await services.GetRequiredService<IMessagingClient>().SendAsync(new OutboundMessage("+12015550123", "trace me") { Platform = platform });

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        var send = stopped.Single(a => a.OperationName == "nutritionist.messaging.send" && (string?)a.GetTagItem(MessagingTelemetryTags.MessageId) == result.MessageId);
        var http = stopped.Where(a => a.Source.Name == "System.Net.Http" && a.TraceId == send.TraceId).ToList();
        Assert.That(http, Has.Count.EqualTo(1));
        Assert.That(http[0].ParentSpanId, Is.EqualTo(send.SpanId));
        Assert.That(send.GetTagItem(MessagingTelemetryTags.Recipient), Is.EqualTo("+1201*****23"));
    }
}
