using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Tests.DependencyInjection;

/// <summary>
/// The rule every provider's HTTP client applies: whatever outside code adds to the client, in whatever order, a request
/// reaches the wire once, through the library's own handlers only.
/// </summary>
public class DisableSendRetriesTests
{
    private const string Guarded = "guarded";
    private const string Unguarded = "unguarded";

    public enum Place
    {
        DefaultsBefore,
        DefaultsAfter,
        NamedClientBefore,
        NamedClientAfter,
        ConfigureAdditionalHandlersAfter,
    }

    [Test]
    public async Task An_outside_handler_that_repeats_requests_is_removed([Values] Place place)
    {
        var guarded = new StubHttpHandler();
        var unguarded = new StubHttpHandler();
        var services = new ServiceCollection();
        services.AddHttpClient(Unguarded).ConfigurePrimaryHttpMessageHandler(() => unguarded);
        AddRepeater(services, place, before: true);
        services.AddHttpClient(Guarded).ConfigurePrimaryHttpMessageHandler(() => guarded).DisableSendRetries();
        AddRepeater(services, place, before: false);
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();

        using var _ = await factory.CreateClient(Guarded).PostAsync(new Uri("http://provider.test/"), new StringContent("hi"));
        using var __ = await factory.CreateClient(Unguarded).PostAsync(new Uri("http://provider.test/"), new StringContent("hi"));

        Assert.Multiple(() =>
        {
            Assert.That(guarded.Requests, Has.Count.EqualTo(1), "the guarded client sends once");
            Assert.That(unguarded.Requests, Has.Count.EqualTo(place is Place.DefaultsBefore or Place.DefaultsAfter ? Repeater.Times : 1), "the repeater works where the rule is absent");
        });
    }

    [Test]
    public async Task The_own_handlers_stay_in_the_order_given_and_a_second_call_replaces_the_first()
    {
        var primary = new StubHttpHandler();
        var services = new ServiceCollection();
        services.AddHttpClient(Guarded).ConfigurePrimaryHttpMessageHandler(() => primary).DisableSendRetries(_ => new Tagger("x"));
        services.AddHttpClient(Guarded).DisableSendRetries(_ => new Tagger("a"), _ => new Tagger("b"));
        services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new Repeater()));
        using var provider = services.BuildServiceProvider();

        using var _ = await provider.GetRequiredService<IHttpClientFactory>().CreateClient(Guarded).GetAsync(new Uri("http://provider.test/"));

        Assert.That(primary.Requests.Single().Header(Tagger.Header), Is.EqualTo("a,b"));
    }

    [Test]
    public void The_defaults_of_every_client_are_refused()
    {
        var services = new ServiceCollection();

        Assert.That(
            () => services.ConfigureHttpClientDefaults(b => b.DisableSendRetries()),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("builder"));
    }

    private static void AddRepeater(IServiceCollection services, Place place, bool before)
    {
        switch (place, before)
        {
            case (Place.DefaultsBefore, true):
            case (Place.DefaultsAfter, false):
                services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new Repeater()));
                break;
            case (Place.NamedClientBefore, true):
            case (Place.NamedClientAfter, false):
                services.AddHttpClient(Guarded).AddHttpMessageHandler(() => new Repeater());
                break;
            case (Place.ConfigureAdditionalHandlersAfter, false):
                services.AddHttpClient(Guarded).ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Add(new Repeater()));
                break;
        }
    }

    /// <summary>Stands for a retrying handler: sends every request <see cref="Times"/> times.</summary>
    private sealed class Repeater : DelegatingHandler
    {
        public const int Times = 3;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            for (var i = 1; i < Times; i++)
            {
                (await base.SendAsync(request, cancellationToken)).Dispose();
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Tagger(string tag) : DelegatingHandler
    {
        public const string Header = "X-Own";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add(Header, tag);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
