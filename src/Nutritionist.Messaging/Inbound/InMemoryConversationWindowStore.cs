using System.Collections.Concurrent;

namespace Nutritionist.Messaging.Inbound;

/// <summary>The default <see cref="IConversationWindowStore"/>: thread-safe and in process.</summary>
public sealed class InMemoryConversationWindowStore : IConversationWindowStore
{
    /// <summary>WhatsApp's customer-service window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastInbound = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates a store.</summary>
    /// <param name="timeProvider">The clock (defaults to the system clock).</param>
    public InMemoryConversationWindowStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public ValueTask RecordInboundAsync(string phoneNumber, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(phoneNumber);

        // Messages can be processed out of order; the latest one counts.
        _lastInbound.AddOrUpdate(phoneNumber, receivedAt, (_, existing) => existing > receivedAt ? existing : receivedAt);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> IsOpenAsync(string phoneNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(phoneNumber);
        var open = _lastInbound.TryGetValue(phoneNumber, out var last) && _time.GetUtcNow() - last < Window;
        return ValueTask.FromResult(open);
    }
}
