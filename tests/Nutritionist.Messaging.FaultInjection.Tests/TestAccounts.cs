namespace Nutritionist.Messaging.FaultInjection.Tests;

internal static class TestAccounts
{
    public const string TwilioAccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string TwilioAuthToken = "fault-injection-token";
    public const string TwilioFrom = "whatsapp:+14155238886";
    public const string AwsAccessKeyId = "AKIDFAULTINJECTION";
    public const string AwsSecretAccessKey = "fault-injection-secret";
}
