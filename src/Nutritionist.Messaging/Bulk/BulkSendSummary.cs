namespace Nutritionist.Messaging.Bulk;

/// <summary>Counts over a bulk send.</summary>
public sealed class BulkSendSummary
{
    internal BulkSendSummary(IReadOnlyList<BulkSendItem> items)
    {
        var byCode = new Dictionary<MessagingErrorCode, int>();
        foreach (var item in items)
        {
            switch (item.Result?.Status)
            {
                case null: NotStarted++; break;
                case SendStatus.Accepted: Accepted++; break;
                case SendStatus.Rejected: Rejected++; break;
                case SendStatus.Failed: Failed++; break;
                default: Unknown++; break;
            }

            if (item.Result?.Error is { } error)
            {
                byCode[error.Code] = byCode.GetValueOrDefault(error.Code) + 1;
            }
        }

        Total = items.Count;
        ByErrorCode = byCode;
    }

    /// <summary>Messages in the batch (as far as it was read).</summary>
    public int Total { get; }

    /// <summary>Accepted by the provider.</summary>
    public int Accepted { get; }

    /// <summary>Rejected (invalid, opted out, …).</summary>
    public int Rejected { get; }

    /// <summary>Failed (certainly not sent).</summary>
    public int Failed { get; }

    /// <summary>Outcome unknown (may have been sent).</summary>
    public int Unknown { get; }

    /// <summary>Not started because the batch was cancelled.</summary>
    public int NotStarted { get; }

    /// <summary>Results that are not accepted, by error code.</summary>
    public IReadOnlyDictionary<MessagingErrorCode, int> ByErrorCode { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Total} messages: {Accepted} accepted, {Rejected} rejected, {Failed} failed, {Unknown} unknown, {NotStarted} not started";
}
