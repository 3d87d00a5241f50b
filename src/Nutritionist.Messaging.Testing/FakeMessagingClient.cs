using System.Collections.Concurrent;
using System.Globalization;
using Nutritionist.Messaging.PhoneNumbers;

namespace Nutritionist.Messaging.Testing;

/// <summary>
/// An <see cref="IMessagingClient"/> for an application's own tests: it sends nothing, records every message with the
/// result it returned (<see cref="Sent"/>), and answers with outcomes the test scripts per recipient, per platform or
/// for the next few messages. Register it with <c>services.AddNutritionistMessagingFakes()</c>.
/// </summary>
/// <remarks>
/// <para>Each message gets the first outcome that applies: a pending <see cref="FailNext"/>; the script for its
/// recipient (<see cref="ScriptRecipient(string, Func{OutboundMessage, SendResult})"/>); the script for its platform
/// (<see cref="ScriptPlatform(MessagingPlatform, Func{OutboundMessage, SendResult})"/>); otherwise
/// <see cref="SendStatus.Accepted"/> with a generated message id (<c>fake-whatsapp-000001</c>) — or, like the real
/// router, <see cref="SendStatus.Rejected"/> with <see cref="MessagingErrorCode.InvalidRecipient"/> when the number
/// cannot be read.</para>
/// <para>Recipients are normalised to E.164 with <see cref="IPhoneNumberNormalizer"/> (so a script for
/// <c>"(415) 555-2671"</c> applies to <c>"+14155552671"</c> and <c>"whatsapp:+14155552671"</c> with default region US).
/// A message without <see cref="OutboundMessage.Platform"/> goes to <see cref="DefaultPlatform"/>. The fake applies no
/// opt-out, window, or content rules: script them when a test needs them.</para>
/// <para>Thread-safe: tests of concurrent code may send from many threads while scripting and reading.</para>
/// </remarks>
/// <example>
/// <code>
/// var fake = new FakeMessagingClient(defaultRegion: "US");
/// fake.ScriptRecipient("(415) 555-2671", MessagingErrorCode.OptedOut);
/// await service.RemindAsync(user); // the code under test
/// Assert.That(fake.Sent.Single().Result.Error!.Code, Is.EqualTo(MessagingErrorCode.OptedOut));
/// </code>
/// </example>
public sealed class FakeMessagingClient : IMessagingClient
{
    /// <summary>The <see cref="SendResult.ProviderName"/> of the results the fake makes itself.</summary>
    public const string ProviderName = "fake";

    private readonly IPhoneNumberNormalizer _normalizer;
    private readonly ConcurrentDictionary<string, Func<OutboundMessage, SendResult>> _recipientScripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<MessagingPlatform, Func<OutboundMessage, SendResult>> _platformScripts = new();
    private readonly Queue<MessagingError> _failures = new();
    private readonly List<SentMessage> _sent = [];
    private readonly Lock _lock = new();
    private long _sequence;

    /// <summary>Creates a fake.</summary>
    /// <param name="normalizer">Reads recipients; a libphonenumber normalizer for <paramref name="defaultRegion"/> when <see langword="null"/>.</param>
    /// <param name="defaultPlatform">The platform of messages that do not name one.</param>
    /// <param name="defaultRegion">The region for national numbers when <paramref name="normalizer"/> is <see langword="null"/> (<c>"US"</c>).</param>
    public FakeMessagingClient(IPhoneNumberNormalizer? normalizer = null, MessagingPlatform defaultPlatform = MessagingPlatform.Sms, string? defaultRegion = null)
    {
        _normalizer = normalizer ?? new PhoneNumberNormalizer(defaultRegion);
        DefaultPlatform = defaultPlatform;
    }

    /// <summary>The platform of messages whose <see cref="OutboundMessage.Platform"/> is <see langword="null"/>.</summary>
    public MessagingPlatform DefaultPlatform { get; set; }

    /// <summary>Every message received since the last <see cref="Clear"/>, in order, with its result (a snapshot).</summary>
    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>The messages that were accepted (a snapshot).</summary>
    public IReadOnlyList<SentMessage> Accepted => [.. Sent.Where(static s => s.IsSuccess)];

    /// <summary>The messages recorded for one recipient, in any format (a snapshot).</summary>
    /// <param name="to">The recipient, normalised like the messages were.</param>
    /// <returns>The messages, in order.</returns>
    public IReadOnlyList<SentMessage> SentTo(string to)
    {
        ArgumentNullException.ThrowIfNull(to);
        var key = Key(to);
        return [.. Sent.Where(s => string.Equals(Key(s.Message.To), key, StringComparison.Ordinal))];
    }

    /// <summary>Answers every message to <paramref name="to"/> with <paramref name="outcome"/>, replacing an earlier script for the same number.</summary>
    /// <param name="to">The recipient, in any format (normalised to E.164 when it can be read).</param>
    /// <param name="outcome">Makes the result from the message.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeMessagingClient ScriptRecipient(string to, Func<OutboundMessage, SendResult> outcome)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(outcome);
        _recipientScripts[Key(to)] = outcome;
        return this;
    }

    /// <summary>Refuses every message to <paramref name="to"/> with an error (Rejected for message problems, Failed otherwise).</summary>
    /// <param name="to">The recipient, in any format.</param>
    /// <param name="code">The error.</param>
    /// <param name="message">The error text; a default naming the code when <see langword="null"/>.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeMessagingClient ScriptRecipient(string to, MessagingErrorCode code, string? message = null)
    {
        var error = Error(code, message);
        return ScriptRecipient(to, m => FailureFor(m, error));
    }

    /// <summary>Answers every message on <paramref name="platform"/> with <paramref name="outcome"/> (recipient scripts win).</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="outcome">Makes the result from the message.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeMessagingClient ScriptPlatform(MessagingPlatform platform, Func<OutboundMessage, SendResult> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _platformScripts[platform] = outcome;
        return this;
    }

    /// <summary>Refuses every message on <paramref name="platform"/> with an error (recipient scripts win).</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="code">The error.</param>
    /// <param name="message">The error text; a default naming the code when <see langword="null"/>.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeMessagingClient ScriptPlatform(MessagingPlatform platform, MessagingErrorCode code, string? message = null)
    {
        var error = Error(code, message);
        return ScriptPlatform(platform, m => FailureFor(m, error));
    }

    /// <summary>Removes the script for one recipient.</summary>
    /// <param name="to">The recipient, in any format.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeMessagingClient ClearScript(string to)
    {
        ArgumentNullException.ThrowIfNull(to);
        _recipientScripts.TryRemove(Key(to), out _);
        return this;
    }

    /// <summary>
    /// Fails the next <paramref name="count"/> messages, whoever they are for, before any script applies:
    /// <see cref="SendStatus.Rejected"/> for problems of the message itself (invalid recipient or message, opted out,
    /// window closed, price), <see cref="SendStatus.Unknown"/> for <see cref="MessagingErrorCode.Unknown"/>, and
    /// <see cref="SendStatus.Failed"/> otherwise (throttled and provider-unavailable errors are marked transient).
    /// </summary>
    /// <param name="code">The error.</param>
    /// <param name="message">The error text; a default naming the code when <see langword="null"/>.</param>
    /// <param name="count">How many messages fail.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeMessagingClient FailNext(MessagingErrorCode code, string? message = null, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var error = Error(code, message);
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _failures.Enqueue(error);
            }
        }

        return this;
    }

    /// <summary>Forgets the recorded messages, every script and pending failure. Generated ids keep counting.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _sent.Clear();
            _failures.Clear();
            _recipientScripts.Clear();
            _platformScripts.Clear();
        }
    }

    /// <summary>Records the message and returns its scripted (or default) result. Sends nothing.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the send (before anything is recorded).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();

        MessagingError? failure = null;
        long sequence;
        lock (_lock)
        {
            sequence = ++_sequence;
            _failures.TryDequeue(out failure);
        }

        var key = Key(message.To);
        var platform = message.Platform ?? DefaultPlatform;
        var result = failure is not null ? FailureFor(message, failure)
            : _recipientScripts.TryGetValue(key, out var byRecipient) ? byRecipient(message)
            : _platformScripts.TryGetValue(platform, out var byPlatform) ? byPlatform(message)
            : DefaultOutcome(message, sequence);
        if (result is null)
        {
            throw new InvalidOperationException("A FakeMessagingClient script returned null; return a SendResult.");
        }

        lock (_lock)
        {
            _sent.Add(new SentMessage(message, result, sequence));
        }

        return Task.FromResult(result);
    }

    /// <summary>The E.164 form of a recipient, or the trimmed text when it cannot be read.</summary>
    private string Key(string to)
    {
        var info = _normalizer.Normalize(to);
        return info.IsValid ? info.E164 : to.Trim();
    }

    private SendResult DefaultOutcome(OutboundMessage message, long sequence)
    {
        var platform = message.Platform ?? DefaultPlatform;
        var info = _normalizer.Normalize(message.To);
        if (!info.IsValid)
        {
            return new SendResult
            {
                Status = SendStatus.Rejected,
                Platform = platform,
                ProviderName = ProviderName,
                ClientReference = message.ClientReference,
                Error = new MessagingError(MessagingErrorCode.InvalidRecipient, info.ErrorMessage),
            };
        }

        var prefix = platform == MessagingPlatform.WhatsApp ? "fake-whatsapp-" : "fake-sms-";
        return new SendResult
        {
            Status = SendStatus.Accepted,
            Platform = platform,
            MessageId = prefix + sequence.ToString("D6", CultureInfo.InvariantCulture),
            ProviderName = ProviderName,
            Recipient = info.E164,
            ClientReference = message.ClientReference,
            Attempts = 1,
        };
    }

    private SendResult FailureFor(OutboundMessage message, MessagingError error)
    {
        var info = _normalizer.Normalize(message.To);
        return new SendResult
        {
            Status = error.Code.IsMessageProblem() ? SendStatus.Rejected
                : error.Code == MessagingErrorCode.Unknown ? SendStatus.Unknown
                : SendStatus.Failed,
            Platform = message.Platform ?? DefaultPlatform,
            ProviderName = ProviderName,
            Recipient = info.IsValid ? info.E164 : null,
            ClientReference = message.ClientReference,
            Error = error,
            Attempts = error.Code is MessagingErrorCode.InvalidRecipient or MessagingErrorCode.OptedOut ? 0 : 1,
        };
    }

    private static MessagingError Error(MessagingErrorCode code, string? message) =>
        new(
            code,
            string.IsNullOrWhiteSpace(message) ? $"Scripted {code} failure (FakeMessagingClient)." : message,
            providerCode: null,
            isTransient: code is MessagingErrorCode.Throttled or MessagingErrorCode.ProviderUnavailable);
}
