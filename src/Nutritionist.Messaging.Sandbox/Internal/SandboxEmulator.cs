using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>
/// Routes a request to the emulated API by its path, the same way for <see cref="SandboxHandler"/> and
/// <c>SandboxServer</c>: <c>POST /</c> with <c>X-Amz-Target</c> → AWS SMS; <c>/v1/whatsapp/…</c> → AWS End User
/// Messaging Social; <c>/{version}/{phone-number-id}/messages</c> → Meta; <c>/2010-04-01/…</c>, <c>/v1/Content…</c>,
/// <c>/v2/Channels/Senders…</c> → Twilio.
/// </summary>
internal sealed class SandboxEmulator
{
    private readonly SandboxState _state;
    private readonly ILogger _logger;
    private readonly AwsApi _aws;
    private readonly TwilioApi _twilio;
    private readonly MetaApi _meta;
    private readonly AwsSocialApi _social;

    public SandboxEmulator(SandboxState state, ILogger logger)
    {
        _state = state;
        _logger = logger;
        _aws = new AwsApi(state, this);
        _twilio = new TwilioApi(state, this);
        _meta = new MetaApi(state, this);
        _social = new AwsSocialApi(state, this);
    }

    public async Task<SandboxResponse> HandleAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        SandboxProvider provider;
        SandboxResponse response;
        if (IsAws(request))
        {
            provider = SandboxProvider.Aws;
            response = await _aws.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        else if (AwsSocialApi.Handles(request.Path))
        {
            provider = SandboxProvider.AwsWhatsApp;
            response = await _social.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        else if (MetaApi.Handles(request.Path))
        {
            provider = SandboxProvider.Meta;
            response = await _meta.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        else if (TwilioApi.Handles(request.Path))
        {
            provider = SandboxProvider.Twilio;
            response = await _twilio.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var body = new JsonObject
            {
                ["message"] = $"The sandbox emulates AWS End User Messaging SMS (POST / with X-Amz-Target), AWS End User Messaging Social (POST /v1/whatsapp/send), Meta's Cloud API (POST /{{version}}/{{phone-number-id}}/messages) and Twilio (/2010-04-01/…, /v1/Content…, /v2/Channels/Senders…); nothing is at {request.Method} {request.Path}.",
            };
            return SandboxResponse.Json(404, body.ToJsonString());
        }

        Log.Request(_logger, provider, request.Method, request.Path, response.StatusCode);
        return response;
    }

    /// <summary>
    /// Applies the provider's faults: waits the latency, then picks throttling or a server error by their rates.
    /// </summary>
    /// <returns><see langword="null"/> to go on, or the fault to answer.</returns>
    public async Task<FaultKind?> FaultAsync(SandboxProvider provider, CancellationToken cancellationToken)
    {
        var faults = _state.Faults.For(provider);
        var latency = faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, _state.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        var throttling = faults.ThrottlingRate;
        if (throttling > 0 && Chance(throttling))
        {
            return FaultKind.Throttled;
        }

        var serverError = faults.ServerErrorRate;
        return serverError > 0 && Chance(serverError) ? FaultKind.ServerError : null;
    }

    public void Refused(SandboxProvider provider, string code, int status) => Log.Refused(_logger, provider, code, status);

    private static bool IsAws(SandboxRequest request) =>
        request.Path == "/" && request.Header("X-Amz-Target") is not null;

    // Not security-relevant: it only decides which requests a test's fault rate hits.
#pragma warning disable CA5394
    private static bool Chance(double rate) => rate >= 1 || Random.Shared.NextDouble() < rate;
#pragma warning restore CA5394
}

/// <summary>A fault the sandbox injects.</summary>
internal enum FaultKind
{
    Throttled,
    ServerError,
}
