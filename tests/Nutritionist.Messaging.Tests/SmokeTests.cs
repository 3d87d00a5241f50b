namespace Nutritionist.Messaging.Tests;

public class SmokeTests
{
    [Test]
    public void Reference_data_is_found_beside_the_repository()
    {
        var path = Testing.Shared.ReferenceData.PathOf("SOURCES.md");
        Assert.That(File.ReadAllText(path), Does.Contain("pinpoint-sms-voice-v2"));
    }
}
