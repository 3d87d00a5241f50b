using System.Collections.Concurrent;

namespace Nutritionist.Messaging.Tests.Fakes;

/// <summary>A hand-written SMS provider: records every message and answers with <see cref="OnSend"/>.</summary>
internal sealed class FakeSmsProvider : ISmsProvider
{
    private int _sequence;

    public string Name { get; init; } = "fake-sms";

    public Func<SmsMessage, CancellationToken, Task<ProviderReceipt>>? OnSend { get; set; }

    public ConcurrentQueue<SmsMessage> Sent { get; } = new();

    public int Calls => Sent.Count;

    public Task<ProviderReceipt> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(message);
        return OnSend?.Invoke(message, cancellationToken)
            ?? Task.FromResult(new ProviderReceipt($"sms-{Interlocked.Increment(ref _sequence)}") { OriginationIdentity = "pool-test" });
    }
}
