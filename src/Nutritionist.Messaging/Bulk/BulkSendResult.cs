namespace Nutritionist.Messaging.Bulk;

/// <summary>The result of a bulk send: one item per input, in input order.</summary>
public sealed class BulkSendResult
{
    internal BulkSendResult(IReadOnlyList<BulkSendItem> items, bool cancelled)
    {
        Items = items;
        Cancelled = cancelled;
        Summary = new BulkSendSummary(items);
    }

    /// <summary>Every input read, in input order, with its result (<see langword="null"/> when not started).</summary>
    public IReadOnlyList<BulkSendItem> Items { get; }

    /// <summary>Whether the batch was cancelled; messages in flight then were finished and reported.</summary>
    public bool Cancelled { get; }

    /// <summary>Counts.</summary>
    public BulkSendSummary Summary { get; }
}
