using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.DynamoDB;

/// <summary>Checks <see cref="DynamoDbStoreOptions"/> when the host starts; each message names the setting and the bad value.</summary>
internal sealed class DynamoDbStoreOptionsValidator : IValidateOptions<DynamoDbStoreOptions>
{
    private const string Section = "NutritionistMessaging:DynamoDB";

    public ValidateOptionsResult Validate(string? name, DynamoDbStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.TableName) || options.TableName.Length is < 3 or > 255 ||
            !options.TableName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            failures.Add($"{Section}:TableName is '{options.TableName}'; a DynamoDB table name has 3–255 letters, digits, '_', '-' or '.'.");
        }

        if (string.IsNullOrWhiteSpace(options.PartitionKeyAttribute))
        {
            failures.Add($"{Section}:PartitionKeyAttribute is empty; name the table's partition key (default \"pk\").");
        }

        if (string.IsNullOrWhiteSpace(options.TimeToLiveAttribute) || options.TimeToLiveAttribute == options.PartitionKeyAttribute)
        {
            failures.Add($"{Section}:TimeToLiveAttribute is '{options.TimeToLiveAttribute}'; name an attribute other than the partition key (default \"expiresAt\").");
        }

        if (options.DeliveryRetention <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:DeliveryRetention is {options.DeliveryRetention}; it must be positive (default 30.00:00:00).");
        }

        if (options.ServiceUrl is { IsAbsoluteUri: false } || options.ServiceUrl is { Scheme: not ("http" or "https") })
        {
            failures.Add($"{Section}:ServiceUrl is '{options.ServiceUrl}'; use an absolute http or https URL.");
        }

        if (string.IsNullOrEmpty(options.AccessKeyId) != string.IsNullOrEmpty(options.SecretAccessKey))
        {
            failures.Add($"{Section}:AccessKeyId and SecretAccessKey must be set together (or neither, to use the AWS credential chain).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
