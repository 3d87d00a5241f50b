namespace Nutritionist.Messaging.Bulk;

/// <summary>How <c>SendManyAsync</c> works through a batch.</summary>
public sealed class BulkSendOptions
{
    /// <summary>How many messages are in flight at once. Default 16. Rate limits still apply underneath.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>
    /// How many messages share one opt-out lookup. Default 100 (DynamoDB's <c>BatchGetItem</c> limit). The library's client
    /// reads this many messages ahead, looks their recipients up in one batch, and answers the opted-out ones
    /// (<see cref="MessagingErrorCode.OptedOut"/>) without sending them; a client of another kind sends one at a time. The
    /// lookup stands for each message's own opt-out read, so a STOP stored after it is seen from the next chunk on: a
    /// smaller value narrows that window (the time one chunk takes to go out) at the cost of more lookups.
    /// </summary>
    public int OptOutLookupBatchSize { get; set; } = 100;
}
