namespace Nutritionist.Messaging.Bulk;

/// <summary>How <c>SendManyAsync</c> works through a batch.</summary>
public sealed class BulkSendOptions
{
    /// <summary>How many messages are in flight at once. Default 16. Rate limits still apply underneath.</summary>
    public int MaxConcurrency { get; set; } = 16;
}
