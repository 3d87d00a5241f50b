using System.Collections.Concurrent;

namespace Nutritionist.Messaging.OptOut;

/// <summary>The default <see cref="IOptOutStore"/>: a thread-safe in-process set. Opt-outs are lost when the process ends.</summary>
/// <remarks>
/// An opt-out for all platforms is stored per platform, so a later opt-in on one platform leaves the others opted out.
/// </remarks>
public sealed class InMemoryOptOutStore : IOptOutStore
{
    private static readonly MessagingPlatform[] AllPlatforms = Enum.GetValues<MessagingPlatform>();

    private readonly ConcurrentDictionary<(string Number, MessagingPlatform Platform), byte> _optedOut = new();

    /// <summary>How many (number, platform) opt-outs are stored.</summary>
    public int Count => _optedOut.Count;

    /// <inheritdoc />
    public ValueTask<bool> IsOptedOutAsync(string phoneNumber, MessagingPlatform platform, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(phoneNumber);
        return ValueTask.FromResult(_optedOut.ContainsKey((phoneNumber, platform)));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlySet<string>> GetOptedOutAsync(IReadOnlyCollection<string> phoneNumbers, MessagingPlatform platform, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phoneNumbers);
        var optedOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var number in phoneNumbers)
        {
            ArgumentException.ThrowIfNullOrEmpty(number, nameof(phoneNumbers));
            if (_optedOut.ContainsKey((number, platform)))
            {
                optedOut.Add(number);
            }
        }

        return ValueTask.FromResult<IReadOnlySet<string>>(optedOut);
    }

    /// <inheritdoc />
    public ValueTask OptOutAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(phoneNumber);
        foreach (var p in Platforms(platform))
        {
            _optedOut[(phoneNumber, p)] = 0;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OptInAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(phoneNumber);
        foreach (var p in Platforms(platform))
        {
            _optedOut.TryRemove((phoneNumber, p), out _);
        }

        return ValueTask.CompletedTask;
    }

    private static ReadOnlySpan<MessagingPlatform> Platforms(MessagingPlatform? platform) =>
        platform is { } p ? new[] { p } : AllPlatforms;
}
