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
