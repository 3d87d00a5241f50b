using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Nutritionist.Messaging.Sandbox.Internal;

namespace Nutritionist.Messaging.Sandbox;

/// <summary>
/// The sandbox emulator on a loopback HTTP server (Kestrel on 127.0.0.1, a free port), so other processes and other
/// languages' SDKs can use it: point an AWS SDK's <c>ServiceURL</c> (or <c>AWS_ENDPOINT_URL</c>) and the Twilio provider's
/// <c>ApiBaseUrl</c> at <see cref="BaseAddress"/>. It answers exactly as <see cref="SandboxHandler"/> does, from the same code.
/// </summary>
/// <remarks>
/// Thread-safe. Dispose it to stop the server. It leaves process signals (SIGTERM, Ctrl+C) to the application: the
/// process ends or shuts down exactly as it would without the server.
/// </remarks>
/// <example>
/// <code>
/// await using var server = await SandboxServer.StartAsync();
/// services.AddNutritionistMessaging()
///     .AddAwsSms(o => { o.ServiceUrl = server.BaseAddress; o.AccessKeyId = "AKIDSANDBOX"; o.SecretAccessKey = "sandbox-secret"; o.Region = "us-east-1"; })
///     .AddTwilioWhatsApp(o => { o.ApiBaseUrl = server.BaseAddress; /* sandbox AccountSid, AuthToken, From */ });
/// </code>
/// </example>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsState;

    private SandboxServer(WebApplication app, SandboxState state, Uri baseAddress, bool ownsState)
    {
        _app = app;
        State = state;
        BaseAddress = baseAddress;
        _ownsState = ownsState;
    }

    /// <summary>Where the server listens (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The emulator's state.</summary>
    public SandboxState State { get; }

    /// <summary>Starts a server with its own state.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static Task<SandboxServer> StartAsync(SandboxOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        StartAsync(new SandboxState(options, timeProvider), ownsState: true, cancellationToken);

    /// <summary>Starts a server over an existing state (shared with a <see cref="SandboxHandler"/>, or fed to a pipeline).</summary>
    /// <param name="state">The state; the server does not dispose it.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static Task<SandboxServer> StartAsync(SandboxState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return StartAsync(state, ownsState: false, cancellationToken);
    }

    /// <summary>Stops the server (and disposes its state when it created it).</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_ownsState)
        {
            State.Dispose();
        }
    }

    private static async Task<SandboxServer> StartAsync(SandboxState state, bool ownsState, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(SandboxServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();

        // Replaces the builder's ConsoleLifetime, which would take SIGTERM and Ctrl+C from the application.
        builder.Services.AddSingleton<IHostLifetime, GuestLifetime>();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context => HandleAsync(state, context));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel did not report the address it listens on.");
        return new SandboxServer(app, state, new Uri(address.TrimEnd('/') + "/"), ownsState);
    }

    private static async Task HandleAsync(SandboxState state, HttpContext context)
    {
        var request = context.Request;
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = [.. values.Where(static v => v is not null).Select(static v => v!)];
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);

        // The raw target keeps the path exactly as the client signed it (still percent-encoded).
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var sandboxRequest = new SandboxRequest
        {
            Method = request.Method,
            Path = question < 0 ? target : target[..question],
            Query = question < 0 ? string.Empty : target[(question + 1)..],
            Host = request.Host.Value ?? string.Empty,
            Headers = headers,
            Body = buffer.ToArray(),
        };

        var response = await state.Emulator.HandleAsync(sandboxRequest, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, new StringValues(value));
        }

        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
