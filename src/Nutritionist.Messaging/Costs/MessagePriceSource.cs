namespace Nutritionist.Messaging.Costs;

/// <summary>Which price-table entry an estimate used.</summary>
public enum MessagePriceSource
{
    /// <summary>The entry for the recipient's region (for example <c>"GB"</c>).</summary>
    Region = 0,

    /// <summary>
    /// The <c>"*"</c> default entry, because the region was unknown or the table has no entry for it. Such estimates are
    /// less trustworthy: add the region to the table.
    /// </summary>
    Default = 1,
}
