namespace Nutritionist.Messaging.OptOut;

/// <summary>Remembers who opted out of messages, per platform or for all platforms.</summary>
/// <remarks>
/// The router asks it before every send. The default is a thread-safe in-memory store; a fleet of hosts registers a
/// shared implementation (a database, a distributed cache) with <c>builder.UseOptOutStore&lt;T&gt;()</c>.
/// Implementations must be thread-safe.
/// </remarks>
public interface IOptOutStore
{
    /// <summary>Whether <paramref name="phoneNumber"/> opted out of <paramref name="platform"/> (or of all platforms).</summary>
    /// <param name="phoneNumber">The number in E.164.</param>
    /// <param name="platform">The platform about to be used.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns><see langword="true"/> when the number must not be messaged on the platform.</returns>
    ValueTask<bool> IsOptedOutAsync(string phoneNumber, MessagingPlatform platform, CancellationToken cancellationToken = default);

    /// <summary>
    /// Which of <paramref name="phoneNumbers"/> opted out of <paramref name="platform"/> (or of all platforms): the batch
    /// form of <see cref="IsOptedOutAsync"/>, which bulk sends use to look a chunk of recipients up at once.
    /// </summary>
    /// <remarks>
    /// The default asks <see cref="IsOptedOutAsync"/> once per distinct number; a shared store overrides it with one round
    /// trip per chunk (the Redis store pipelines its reads, the DynamoDB store uses <c>BatchGetItem</c>). An override must
    /// agree with <see cref="IsOptedOutAsync"/> for every number, and throw rather than leave a number unchecked.
    /// </remarks>
    /// <param name="phoneNumbers">The numbers in E.164; duplicates are allowed.</param>
    /// <param name="platform">The platform about to be used.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The numbers (as given) that must not be messaged on the platform; empty when none.</returns>
    async ValueTask<IReadOnlySet<string>> GetOptedOutAsync(IReadOnlyCollection<string> phoneNumbers, MessagingPlatform platform, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phoneNumbers);
        var optedOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var number in phoneNumbers.Distinct(StringComparer.Ordinal))
        {
            if (await IsOptedOutAsync(number, platform, cancellationToken).ConfigureAwait(false))
            {
                optedOut.Add(number);
            }
        }

        return optedOut;
    }

    /// <summary>Records an opt-out.</summary>
    /// <param name="phoneNumber">The number in E.164.</param>
    /// <param name="platform">The platform, or <see langword="null"/> for every platform.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the opt-out is stored.</returns>
    ValueTask OptOutAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default);

    /// <summary>Records an opt-in, undoing an opt-out.</summary>
    /// <param name="phoneNumber">The number in E.164.</param>
    /// <param name="platform">The platform, or <see langword="null"/> for every platform.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the opt-in is stored.</returns>
    ValueTask OptInAsync(string phoneNumber, MessagingPlatform? platform = null, CancellationToken cancellationToken = default);
}
