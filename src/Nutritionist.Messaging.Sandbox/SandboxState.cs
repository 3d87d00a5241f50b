using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutritionist.Messaging.Inbound;
using Nutritionist.Messaging.Sandbox.Internal;

namespace Nutritionist.Messaging.Sandbox;

/// <summary>
/// Everything the sandbox emulator remembers: accepted messages, delivery events, inbound messages, opt-out lists,
/// WhatsApp 24-hour windows, spend limits. <see cref="SandboxHandler"/> (in process) and <c>SandboxServer</c>
/// (loopback, Nutritionist.Messaging.Sandbox.Server) answer requests from it; tests and demos inspect it and inject inbound messages through it.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe singleton. Time comes from the <see cref="TimeProvider"/> given to the constructor: delivery events fire
/// on its timers (<see cref="SandboxOptions.SentDelay"/>, <see cref="SandboxOptions.DeliveryDelay"/>), so a test with
/// <c>FakeTimeProvider</c> advances time and then awaits <see cref="WhenIdleAsync"/>.
/// </para>
/// <para>
/// Delivery events and injected inbound messages go to the real <see cref="IInboundPipeline"/> when one is given (the
/// DI registration of <c>UseSandbox()</c> gives the host's), exactly as the SQS pump and the Twilio webhook processor
/// would deliver them; without one they are only recorded.
/// </para>
/// </remarks>
public sealed class SandboxState : IDisposable
{
    /// <summary>The Content SID of the sandbox's approved WhatsApp template (<c>meal_plan_ready</c>, one variable <c>{{1}}</c>: the name).</summary>
    public const string ApprovedTemplateSid = "HX5a4db0c5000000000000000000000001";

    /// <summary>The Content SID of the sandbox's WhatsApp template still pending approval (<c>weekly_check_in</c>).</summary>
    public const string PendingTemplateSid = "HX5a4db0c5000000000000000000000002";

    /// <summary>The SID of the sandbox's one WhatsApp sender in the Senders API.</summary>
    public const string WhatsAppSenderSid = "XE5a4db0c5000000000000000000000001";

    /// <summary>The id of the sandbox's AWS phone pool, which holds <see cref="SandboxOptions.SmsOriginationNumber"/>.</summary>
    public const string PoolId = "pool-5a4db0c5000000000000000000000001";

    /// <summary>The id of the sandbox's AWS phone number (<see cref="SandboxOptions.SmsOriginationNumber"/>).</summary>
    public const string PhoneNumberId = "phone-5a4db0c5000000000000000000000001";

    /// <summary>The AWS opt-out list the sandbox's pool and phone number use.</summary>
    public const string DefaultOptOutListName = "Default";

    /// <summary>The account id in the sandbox's ARNs.</summary>
    public const string AwsAccountId = "000000000000";

    private static readonly TimeSpan WhatsAppWindow = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private readonly List<SandboxMessage> _messages = [];
    private readonly Dictionary<string, SandboxMessage> _messagesById = new(StringComparer.Ordinal);
    private readonly List<SandboxDeliveryEvent> _events = [];
    private readonly List<SandboxInboundMessage> _inbound = [];
    private readonly Dictionary<string, Dictionary<string, OptedOutEntry>> _awsOptOutLists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _twilioOptOuts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _spendLimits = new(StringComparer.Ordinal)
    {
        // AWS's defaults for a new account (in the SMS sandbox): USD 1 a month for text and media, 0 for voice.
        ["TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"] = 1,
        ["VOICE_MESSAGE_MONTHLY_SPEND_LIMIT"] = 0,
        ["MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT"] = 1,
    };

    private readonly ConcurrentDictionary<ScheduledEvent, byte> _timers = new();
    private readonly ConcurrentDictionary<Task, byte> _inflight = new();
    private readonly Func<IInboundPipeline?>? _pipeline;
    private readonly ILogger _logger;
    private Task _tail = Task.CompletedTask;
    private int _disposed;

    /// <summary>Creates the state of one emulator.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock and timers; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="inboundPipeline">
    /// Returns the pipeline delivery events and inbound messages are fed to, or <see langword="null"/> to only record them.
    /// It is called when the first event fires, not here, because the pipeline depends on the HTTP clients the sandbox serves.
    /// </param>
    /// <param name="loggerFactory">Where the sandbox logs; <see langword="null"/> for none.</param>
    public SandboxState(
        SandboxOptions? options = null,
        TimeProvider? timeProvider = null,
        Func<IInboundPipeline?>? inboundPipeline = null,
        ILoggerFactory? loggerFactory = null)
    {
        Options = options ?? new SandboxOptions();
        TimeProvider = timeProvider ?? TimeProvider.System;
        _pipeline = inboundPipeline;
        _logger = (ILogger?)loggerFactory?.CreateLogger("Nutritionist.Messaging.Sandbox") ?? NullLogger.Instance;
        _awsOptOutLists[DefaultOptOutListName] = new(StringComparer.Ordinal);
        Emulator = new SandboxEmulator(this, _logger);
    }

    /// <summary>The settings.</summary>
    public SandboxOptions Options { get; }

    /// <summary>The clock and timers of the emulator.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The faults being injected; change them at any time.</summary>
    public SandboxFaults Faults => Options.Faults;

    /// <summary>Every message accepted so far, oldest first.</summary>
    public IReadOnlyList<SandboxMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Every delivery event produced so far, oldest first.</summary>
    public IReadOnlyList<SandboxDeliveryEvent> DeliveryEvents
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Every inbound message injected so far, oldest first.</summary>
    public IReadOnlyList<SandboxInboundMessage> InboundMessages
    {
        get
        {
            lock (_gate)
            {
                return [.. _inbound];
            }
        }
    }

    internal SandboxEmulator Emulator { get; }

    internal ILogger Logger => _logger;

    /// <summary>Finds an accepted message by the id the API answered with.</summary>
    /// <param name="messageId">The AWS <c>MessageId</c> or Twilio SID.</param>
    /// <returns>The message, or <see langword="null"/>.</returns>
    public SandboxMessage? FindMessage(string messageId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        lock (_gate)
        {
            return _messagesById.GetValueOrDefault(messageId);
        }
    }

    /// <summary>
    /// Opts a number out: for <see cref="SandboxProvider.Aws"/> it is added to the <c>Default</c> opt-out list (as if the
    /// person had replied STOP), so sends answer <c>ConflictException</c>; for <see cref="SandboxProvider.Twilio"/> sends
    /// answer error 21610.
    /// </summary>
    /// <param name="provider">The API.</param>
    /// <param name="phoneNumber">The number in E.164 (a <c>whatsapp:</c> prefix is ignored).</param>
    public void OptOut(SandboxProvider provider, string phoneNumber)
    {
        var number = Numbers.Key(phoneNumber);
        lock (_gate)
        {
            if (provider == SandboxProvider.Aws)
            {
                _awsOptOutLists[DefaultOptOutListName][number] = new OptedOutEntry(TimeProvider.GetUtcNow(), EndUserOptedOut: true);
            }
            else
            {
                _twilioOptOuts[number] = TimeProvider.GetUtcNow();
            }
        }
    }

    /// <summary>Removes a number from the provider's opt-out list.</summary>
    /// <param name="provider">The API.</param>
    /// <param name="phoneNumber">The number in E.164.</param>
    /// <returns><see langword="true"/> when it was opted out.</returns>
    public bool OptIn(SandboxProvider provider, string phoneNumber)
    {
        var number = Numbers.Key(phoneNumber);
        lock (_gate)
        {
            return provider == SandboxProvider.Aws
                ? _awsOptOutLists[DefaultOptOutListName].Remove(number)
                : _twilioOptOuts.Remove(number);
        }
    }

    /// <summary>Whether a number is opted out at the provider (the AWS <c>Default</c> list, or Twilio's).</summary>
    /// <param name="provider">The API.</param>
    /// <param name="phoneNumber">The number in E.164.</param>
    /// <returns><see langword="true"/> when sends to it are refused.</returns>
    public bool IsOptedOut(SandboxProvider provider, string phoneNumber)
    {
        var number = Numbers.Key(phoneNumber);
        lock (_gate)
        {
            return provider == SandboxProvider.Aws
                ? _awsOptOutLists[DefaultOptOutListName].ContainsKey(number)
                : _twilioOptOuts.ContainsKey(number);
        }
    }

    /// <summary>Opens (or renews) the 24-hour WhatsApp window of a number, as an inbound message from it does.</summary>
    /// <param name="phoneNumber">The number in E.164 (a <c>whatsapp:</c> prefix is ignored).</param>
    public void OpenWhatsAppWindow(string phoneNumber)
    {
        var number = Numbers.Key(phoneNumber);
        lock (_gate)
        {
            _windows[number] = TimeProvider.GetUtcNow();
        }
    }

    /// <summary>Whether free-form WhatsApp messages to a number are allowed now.</summary>
    /// <param name="phoneNumber">The number in E.164.</param>
    /// <returns><see langword="true"/> when its last inbound message is less than 24 hours old.</returns>
    public bool IsWhatsAppWindowOpen(string phoneNumber)
    {
        var number = Numbers.Key(phoneNumber);
        lock (_gate)
        {
            return _windows.TryGetValue(number, out var opened) && TimeProvider.GetUtcNow() - opened < WhatsAppWindow;
        }
    }

    /// <summary>Sets the enforced limit of an AWS spend limit that <c>DescribeSpendLimits</c> reports.</summary>
    /// <param name="name">The limit (<c>TEXT_MESSAGE_MONTHLY_SPEND_LIMIT</c>, <c>MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT</c>, <c>VOICE_MESSAGE_MONTHLY_SPEND_LIMIT</c>).</param>
    /// <param name="enforcedLimit">The limit in US dollars.</param>
    public void SetSpendLimit(string name, long enforcedLimit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(enforcedLimit);
        lock (_gate)
        {
            _spendLimits[name] = enforcedLimit;
        }
    }

    /// <summary>
    /// Injects a message a person sent: an SMS arrives through AWS two-way SMS, a WhatsApp message through Twilio's
    /// webhook. A WhatsApp message opens the sender's 24-hour window; an SMS opt-out keyword (STOP, UNSUBSCRIBE, …) puts the
    /// sender on the AWS <c>Default</c> opt-out list, as AWS does. Then the message goes through the inbound pipeline.
    /// </summary>
    /// <param name="platform">The platform it arrives on.</param>
    /// <param name="from">The sender in E.164.</param>
    /// <param name="body">The text.</param>
    /// <param name="cancellationToken">Cancels the pipeline's work.</param>
    /// <returns>What the pipeline did, or <see langword="null"/> when the sandbox has no pipeline.</returns>
    public Task<InboundResult?> InjectInboundAsync(MessagingPlatform platform, string from, string body, CancellationToken cancellationToken = default) =>
        InjectInboundAsync(platform == MessagingPlatform.WhatsApp ? SandboxProvider.Twilio : SandboxProvider.Aws, from, body, cancellationToken);

    /// <summary>
    /// Injects a message a person sent, through the given provider's inbound path: <see cref="SandboxProvider.Aws"/> an SMS
    /// by two-way SMS; <see cref="SandboxProvider.Twilio"/> a WhatsApp message by Twilio's webhook;
    /// <see cref="SandboxProvider.Meta"/> a WhatsApp message by Meta's webhook (the <see cref="SandboxInboundMessage.Payload"/>
    /// is the notification Meta posts); <see cref="SandboxProvider.AwsWhatsApp"/> by AWS End User Messaging Social's event
    /// (the payload is the event AWS publishes to SNS). A WhatsApp message opens the sender's 24-hour window, then the
    /// message goes through the inbound pipeline with the provider name the provider's own parsing gives.
    /// </summary>
    /// <param name="provider">The provider it arrives through.</param>
    /// <param name="from">The sender in E.164.</param>
    /// <param name="body">The text.</param>
    /// <param name="cancellationToken">Cancels the pipeline's work.</param>
    /// <returns>What the pipeline did, or <see langword="null"/> when the sandbox has no pipeline.</returns>
    public Task<InboundResult?> InjectInboundAsync(SandboxProvider provider, string from, string body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentNullException.ThrowIfNull(body);
        return InjectAsync(provider, Numbers.Key(from), body, inReplyTo: null, cancellationToken);
    }

    /// <summary>
    /// Injects the recipient's reply to a message the sandbox accepted: from its recipient, through the provider that
    /// accepted it, in reply to it.
    /// </summary>
    /// <param name="messageId">The id the API answered the send with.</param>
    /// <param name="body">The reply's text.</param>
    /// <param name="cancellationToken">Cancels the pipeline's work.</param>
    /// <returns>What the pipeline did, or <see langword="null"/> when the sandbox has no pipeline.</returns>
    /// <exception cref="ArgumentException">No accepted message has that id.</exception>
    public Task<InboundResult?> ReplyAsync(string messageId, string body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentNullException.ThrowIfNull(body);
        var message = FindMessage(messageId) ?? throw new ArgumentException($"The sandbox accepted no message with id '{messageId}'.", nameof(messageId));
        var provider = message.Provider is SandboxProvider.Aws or SandboxProvider.Twilio
            ? (message.Platform == MessagingPlatform.WhatsApp ? SandboxProvider.Twilio : SandboxProvider.Aws)
            : message.Provider;
        return InjectAsync(provider, message.Recipient, body, message.MessageId, cancellationToken);
    }

    /// <summary>
    /// Waits until every delivery event whose timer has fired has been processed by the inbound pipeline. Events whose
    /// time has not come are not waited for: advance the <see cref="TimeProvider"/> first.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when nothing is in flight.</returns>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (!_inflight.IsEmpty)
        {
            await Task.WhenAll(_inflight.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Cancels the delivery events not yet due.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var scheduled in _timers.Keys)
        {
            scheduled.Timer?.Dispose();
        }

        _timers.Clear();
    }

    internal void Accept(SandboxMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message);
            _messagesById[message.MessageId] = message;
        }
    }

    internal bool IsAwsOptedOut(string listName, string number)
    {
        lock (_gate)
        {
            return _awsOptOutLists.TryGetValue(listName, out var list) && list.ContainsKey(Numbers.Key(number));
        }
    }

    internal bool AwsOptOutListExists(string listName)
    {
        lock (_gate)
        {
            return _awsOptOutLists.ContainsKey(listName);
        }
    }

    internal List<(string Number, OptedOutEntry Entry)>? AwsOptedOutNumbers(string listName)
    {
        lock (_gate)
        {
            return _awsOptOutLists.TryGetValue(listName, out var list)
                ? [.. list.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => (p.Key, p.Value))]
                : null;
        }
    }

    internal OptedOutEntry? PutAwsOptedOut(string listName, string number)
    {
        lock (_gate)
        {
            if (!_awsOptOutLists.TryGetValue(listName, out var list))
            {
                return null;
            }

            var key = Numbers.Key(number);
            if (!list.TryGetValue(key, out var entry))
            {
                entry = new OptedOutEntry(TimeProvider.GetUtcNow(), EndUserOptedOut: false);
                list[key] = entry;
            }

            return entry;
        }
    }

    internal OptedOutEntry? DeleteAwsOptedOut(string listName, string number)
    {
        lock (_gate)
        {
            return _awsOptOutLists.TryGetValue(listName, out var list) && list.Remove(Numbers.Key(number), out var entry) ? entry : null;
        }
    }

    internal List<KeyValuePair<string, long>> SpendLimits()
    {
        lock (_gate)
        {
            return [.. _spendLimits];
        }
    }

    /// <summary>Produces <paramref name="build"/>'s event after <paramref name="delay"/> on the sandbox's clock.</summary>
    internal void Schedule(TimeSpan delay, Func<SandboxDeliveryEvent> build)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        var scheduled = new ScheduledEvent(this, build);
        _timers[scheduled] = 0;
        var timer = TimeProvider.CreateTimer(static s => ((ScheduledEvent)s!).Fire(), scheduled, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        scheduled.Timer = timer;
        if (scheduled.HasFired || Volatile.Read(ref _disposed) == 1)
        {
            _timers.TryRemove(scheduled, out _);
            timer.Dispose();
        }
    }

    private void OnFired(ScheduledEvent scheduled)
    {
        _timers.TryRemove(scheduled, out _);
        scheduled.Timer?.Dispose();

        // Recorded at once, in the order the timers fire; the pipeline then sees the events one after another, in that order.
        SandboxDeliveryEvent delivery;
        try
        {
            delivery = scheduled.Build();
        }
        catch (Exception e)
        {
            Log.EventFailed(_logger, "(unbuilt)", e);
            return;
        }

        lock (_gate)
        {
            _events.Add(delivery);
            _tail = DispatchAfterAsync(_tail, delivery);
            Track(_tail);
        }

        Log.DeliveryEvent(_logger, delivery.Provider, delivery.MessageId, delivery.Update.Status);
    }

    private void Track(Task task)
    {
        if (task.IsCompleted)
        {
            return;
        }

        _inflight[task] = 0;
        _ = task.ContinueWith(static (t, s) => ((ConcurrentDictionary<Task, byte>)s!).TryRemove(t, out _), _inflight, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task DispatchAfterAsync(Task previous, SandboxDeliveryEvent delivery)
    {
        await previous.ConfigureAwait(false);

        // Off the timer's thread (FakeTimeProvider.Advance runs callbacks inline), so the pipeline never runs under it.
        await Task.Yield();
        try
        {
            if (_pipeline?.Invoke() is { } pipeline)
            {
                await pipeline.ProcessDeliveryStatusAsync(delivery.Update).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            // A host handler failed; the real provider would redeliver, the sandbox reports it and moves on.
            Log.EventFailed(_logger, delivery.MessageId, e);
        }
    }

    private async Task<InboundResult?> InjectAsync(SandboxProvider provider, string from, string body, string? inReplyTo, CancellationToken cancellationToken)
    {
        var now = TimeProvider.GetUtcNow();
        SandboxInboundMessage inbound;
        if (provider is SandboxProvider.Meta or SandboxProvider.AwsWhatsApp)
        {
            OpenWhatsAppWindow(from);
            inbound = WhatsAppCloud.Inbound(this, provider, from, body, inReplyTo);
        }
        else if (provider == SandboxProvider.Twilio)
        {
            OpenWhatsAppWindow(from);
            var to = Numbers.Key(Options.WhatsAppFrom);
            var sid = Ids.TwilioSid("SM");
            var message = new InboundMessage(MessagingPlatform.WhatsApp, from, body)
            {
                To = to,
                ProviderMessageId = sid,
                ReceivedAt = now,
                ProfileName = "Sandbox user",
                InReplyToMessageId = inReplyTo,
                ProviderName = "twilio-whatsapp",
            };
            var form = Form.Encode(
                ("SmsMessageSid", sid), ("NumMedia", "0"), ("ProfileName", "Sandbox user"), ("MessageType", "text"),
                ("SmsSid", sid), ("WaId", from.TrimStart('+')), ("SmsStatus", "received"), ("Body", body),
                ("To", "whatsapp:" + to), ("NumSegments", "1"), ("ReferralNumMedia", "0"), ("MessageSid", sid),
                ("AccountSid", Options.TwilioAccountSid), ("OriginalRepliedMessageSid", inReplyTo), ("From", "whatsapp:" + from),
                ("ApiVersion", "2010-04-01"));
            inbound = new SandboxInboundMessage(SandboxProvider.Twilio, message, form);
        }
        else
        {
            var keyword = Keywords.FirstWord(body);
            if (Keywords.IsAwsOptOut(keyword))
            {
                lock (_gate)
                {
                    _awsOptOutLists[DefaultOptOutListName][from] = new OptedOutEntry(now, EndUserOptedOut: true);
                }
            }

            var id = Ids.AwsMessageId();
            var to = Numbers.Key(Options.SmsOriginationNumber);
            var message = new InboundMessage(MessagingPlatform.Sms, from, body)
            {
                To = to,
                ProviderMessageId = id,
                ReceivedAt = now,
                Keyword = keyword.Length == 0 ? null : keyword,
                InReplyToMessageId = inReplyTo,
                ProviderName = "aws-sms",
            };
            var json = JsonSerializer.Serialize(
                new Dictionary<string, string?>
                {
                    ["originationNumber"] = from,
                    ["destinationNumber"] = to,
                    ["messageKeyword"] = keyword.Length == 0 ? "KEYWORD_" + AwsAccountId : keyword,
                    ["messageBody"] = body,
                    ["inboundMessageId"] = id,
                    ["previousPublishedMessageId"] = inReplyTo,
                },
                SandboxJsonContext.Default.DictionaryStringString);
            inbound = new SandboxInboundMessage(SandboxProvider.Aws, message, json);
        }

        lock (_gate)
        {
            _inbound.Add(inbound);
        }

        Log.Inbound(_logger, inbound.Provider, inbound.Message.ProviderMessageId);
        return _pipeline?.Invoke() is { } pipeline
            ? await pipeline.ProcessMessageAsync(inbound.Message, cancellationToken).ConfigureAwait(false)
            : null;
    }

    internal readonly record struct OptedOutEntry(DateTimeOffset Timestamp, bool EndUserOptedOut);

    private sealed class ScheduledEvent(SandboxState state, Func<SandboxDeliveryEvent> build)
    {
        private int _fired;

        public Func<SandboxDeliveryEvent> Build { get; } = build;

        public ITimer? Timer { get; set; }

        public bool HasFired => Volatile.Read(ref _fired) == 1;

        public void Fire()
        {
            if (Interlocked.Exchange(ref _fired, 1) == 0)
            {
                state.OnFired(this);
            }
        }
    }
}
