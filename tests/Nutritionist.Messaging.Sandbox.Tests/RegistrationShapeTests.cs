using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Sandbox.Tests;

/// <summary>UseSandbox: the three overloads bind alike, and a second call registers nothing twice.</summary>
public class RegistrationShapeTests
{
    [Test]
    public void UseSandbox_binds_alike_through_every_overload_and_registers_once() =>
        new RegistrationShape<SandboxOptions, TimeSpan>
        {
            Name = "UseSandbox",
            DefaultSectionPath = "Sandbox",
            Key = nameof(SandboxOptions.SentDelay),
            InDefaultSection = ("00:00:07", TimeSpan.FromSeconds(7)),
            InGivenSection = ("00:00:08", TimeSpan.FromSeconds(8)),
            InAction = TimeSpan.FromSeconds(9),
            Get = static o => o.SentDelay,
            Set = static (o, v) => o.SentDelay = v,
            None = static b => b.UseSandbox(),
            WithSection = static (b, s) => b.UseSandbox(s),
            WithAction = static (b, a) => b.UseSandbox(a),
        }.AssertShape(static (services, root) => root is null ? services.AddNutritionistMessaging() : services.AddNutritionistMessaging(root));
}
