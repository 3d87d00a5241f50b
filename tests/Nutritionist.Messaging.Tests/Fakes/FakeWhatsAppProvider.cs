using System.Collections.Concurrent;

namespace Nutritionist.Messaging.Tests.Fakes;

/// <summary>A hand-written WhatsApp provider: records every message and answers with <see cref="OnSend"/>.</summary>
internal sealed class FakeWhatsAppProvider : IWhatsAppProvider
{
    private int _sequence;

    public string Name { get; init; } = "fake-whatsapp";

    public Func<WhatsAppMessage, CancellationToken, Task<ProviderReceipt>>? OnSend { get; set; }

    public ConcurrentQueue<WhatsAppMessage> Sent { get; } = new();

    public int Calls => Sent.Count;

    public Task<ProviderReceipt> SendAsync(WhatsAppMessage message, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(message);
        return OnSend?.Invoke(message, cancellationToken)
            ?? Task.FromResult(new ProviderReceipt($"SM{Interlocked.Increment(ref _sequence):x32}"));
    }
}
