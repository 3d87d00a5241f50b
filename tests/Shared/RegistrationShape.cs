using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging;

namespace Nutritionist.Messaging.Testing.Shared;

/// <summary>
/// One registration method (<c>AddTwilioWhatsApp</c>, <c>UseSandbox</c>…) as its three overloads (none,
/// <see cref="IConfigurationSection"/>, <c>Action&lt;TOptions&gt;</c>) and how to read one setting of its options.
/// </summary>
/// <typeparam name="TOptions">The options type the overloads fill.</typeparam>
/// <typeparam name="TValue">The type of the setting read.</typeparam>
internal sealed class RegistrationShape<TOptions, TValue>
    where TOptions : class, new()
{
    /// <summary>What the cases are named after (<c>AddTwilioWhatsApp("twilio-eu")</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The options instance name the overloads fill (<see cref="Options.DefaultName"/> unless named).</summary>
    public string OptionsName { get; init; } = Options.DefaultName;

    /// <summary>The default section's path under <c>NutritionistMessaging</c> (<c>Twilio</c>, <c>Providers:twilio-eu</c>).</summary>
    public required string DefaultSectionPath { get; init; }

    /// <summary>The setting's key inside the section (<c>RequestTimeout</c>).</summary>
    public required string Key { get; init; }

    /// <summary>Three different values of the setting, as configuration strings and as read back.</summary>
    public required (string Text, TValue Value) InDefaultSection { get; init; }

    /// <inheritdoc cref="InDefaultSection"/>
    public required (string Text, TValue Value) InGivenSection { get; init; }

    /// <summary>The value the action sets.</summary>
    public required TValue InAction { get; init; }

    /// <summary>Reads the setting.</summary>
    public required Func<TOptions, TValue> Get { get; init; }

    /// <summary>Writes the setting (in the action).</summary>
    public required Action<TOptions, TValue> Set { get; init; }

    /// <summary>The overload without options.</summary>
    public required Action<IMessagingBuilder> None { get; init; }

    /// <summary>The <see cref="IConfigurationSection"/> overload.</summary>
    public required Action<IMessagingBuilder, IConfigurationSection> WithSection { get; init; }

    /// <summary>The <c>Action&lt;TOptions&gt;</c> overload.</summary>
    public required Action<IMessagingBuilder, Action<TOptions>> WithAction { get; init; }

    /// <summary>
    /// Asserts that every overload binds the same options in the same order (default section, then the given section, then
    /// the action, which wins), and that calling the method twice registers nothing twice.
    /// </summary>
    /// <param name="create">Makes the builder: from the configuration given (the application's root), or without any.</param>
    public void AssertShape(Func<IServiceCollection, IConfiguration?, IMessagingBuilder> create)
    {
        var root = new MemoryConfiguration(new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"NutritionistMessaging:{DefaultSectionPath}:{Key}"] = InDefaultSection.Text,
            [$"Elsewhere:{Key}"] = InGivenSection.Text,
        });
        var given = root.GetSection("Elsewhere");

        Assert.Multiple(() =>
        {
            Assert.That(Read(create, root, None), Is.EqualTo(InDefaultSection.Value), $"{Name}: the default section");
            Assert.That(Read(create, null, None), Is.EqualTo(Get(new TOptions())), $"{Name}: no configuration, the defaults");
            Assert.That(Read(create, root, b => WithSection(b, given)), Is.EqualTo(InGivenSection.Value), $"{Name}: the given section after the default one");
            Assert.That(Read(create, null, b => WithSection(b, given)), Is.EqualTo(InGivenSection.Value), $"{Name}: the given section alone");
            Assert.That(Read(create, root, b => WithAction(b, o => Set(o, InAction))), Is.EqualTo(InAction), $"{Name}: the action after the default section");
            Assert.That(Read(create, null, b => WithAction(b, o => Set(o, InAction))), Is.EqualTo(InAction), $"{Name}: the action alone");
            Assert.That(
                Read(create, root, b => { WithSection(b, given); WithAction(b, o => Set(o, InAction)); }),
                Is.EqualTo(InAction),
                $"{Name}: the action wins over the given section");

            var once = Registrations(create, root, 1);
            var twice = Registrations(create, root, 2);
            Assert.That(twice, Is.EquivalentTo(once), $"{Name}: calling it twice registers nothing twice");
        });
    }

    private TValue Read(Func<IServiceCollection, IConfiguration?, IMessagingBuilder> create, IConfiguration? root, Action<IMessagingBuilder> register)
    {
        var services = new ServiceCollection();
        register(create(services, root));
        using var provider = services.BuildServiceProvider();

        // What the options factory does before post-configuration and validation (which need credentials these cases do not set).
        var options = new TOptions();
        foreach (var configure in provider.GetServices<IConfigureOptions<TOptions>>())
        {
            if (configure is IConfigureNamedOptions<TOptions> named)
            {
                named.Configure(OptionsName, options);
            }
            else if (OptionsName == Options.DefaultName)
            {
                configure.Configure(options);
            }
        }

        return Get(options);
    }

    private List<string> Registrations(Func<IServiceCollection, IConfiguration?, IMessagingBuilder> create, IConfiguration root, int times)
    {
        var services = new ServiceCollection();
        var builder = create(services, root);
        for (var i = 0; i < times; i++)
        {
            None(builder);
        }

        // ValidateOnStart adds one IConfigureOptions<StartupValidatorOptions> per call by design (it is idempotent when run);
        // a replaced registration (a named provider) moves to the end, so the lists are compared without order.
        return services
            .Where(static d => !(d.ServiceType.IsConstructedGenericType && d.ServiceType.GenericTypeArguments[0].Name == "StartupValidatorOptions"))
            .Select(static d => $"{d.ServiceType} {d.ServiceKey} {d.ImplementationType}")
            .ToList();
    }

    /// <summary>An in-memory configuration without the Microsoft.Extensions.Configuration package (not every test project has it).</summary>
    private sealed class MemoryConfiguration(IReadOnlyDictionary<string, string?> values, string path = "") : IConfigurationSection
    {
        public string? this[string key]
        {
            get => values.GetValueOrDefault(Join(key));
            set => throw new NotSupportedException();
        }

        public string Key => path.Contains(':', StringComparison.Ordinal) ? path[(path.LastIndexOf(':') + 1)..] : path;

        public string Path => path;

        public string? Value
        {
            get => values.GetValueOrDefault(path);
            set => throw new NotSupportedException();
        }

        public IConfigurationSection GetSection(string key) => new MemoryConfiguration(values, Join(key));

        public IEnumerable<IConfigurationSection> GetChildren() => values.Keys
            .Where(k => path.Length == 0 || k.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase))
            .Select(k => (path.Length == 0 ? k : k[(path.Length + 1)..]).Split(':')[0])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(GetSection)
            .ToList();

        public Microsoft.Extensions.Primitives.IChangeToken GetReloadToken() => NoChanges.Instance;

        private string Join(string key) => path.Length == 0 ? key : path + ":" + key;
    }

    private sealed class NoChanges : Microsoft.Extensions.Primitives.IChangeToken
    {
        public static readonly NoChanges Instance = new();

        public bool HasChanged => false;

        public bool ActiveChangeCallbacks => false;

        public IDisposable RegisterChangeCallback(Action<object?> callback, object? state) => new Nothing();

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
