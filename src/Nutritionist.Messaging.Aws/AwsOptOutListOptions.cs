namespace Nutritionist.Messaging.Aws;

/// <summary>
/// Settings of <c>UseAwsOptOutList()</c>: which AWS End User Messaging SMS opt-out list the SMS opt-out gate consults and
/// writes to, and how long an answer is reused. Bound from <c>NutritionistMessaging:AwsOptOutList</c>; validated when the
/// host starts.
/// </summary>
public sealed class AwsOptOutListOptions
{
    /// <summary>The configuration sub-section (under <c>NutritionistMessaging</c>) the options are read from.</summary>
    public const string SectionName = "AwsOptOutList";

    /// <summary>The opt-out list name or ARN. Default <c>Default</c>, the account's default list.</summary>
    public string ListName { get; set; } = "Default";

    /// <summary>How long an answer from AWS is reused; <see cref="TimeSpan.Zero"/> asks every time. Default one minute.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(1);
}
