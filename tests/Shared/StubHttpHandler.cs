using System.Collections.Concurrent;

namespace Nutritionist.Messaging.Testing.Shared;

/// <summary>
/// An <see cref="HttpMessageHandler"/> that records every request (with its body read eagerly) and answers with
/// <see cref="Respond"/>. Tests assert on <see cref="Requests"/>.
/// </summary>
internal sealed class StubHttpHandler : HttpMessageHandler
{
    public StubHttpHandler(Func<RecordedRequest, HttpResponseMessage>? respond = null)
    {
        Respond = respond ?? (_ => new HttpResponseMessage(System.Net.HttpStatusCode.OK));
    }

    public Func<RecordedRequest, HttpResponseMessage> Respond { get; set; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new RecordedRequest(request, body);
        Requests.Enqueue(recorded);
        var response = Respond(recorded);
        response.RequestMessage ??= request;
        return response;
    }
}

/// <summary>One request the stub saw.</summary>
internal sealed record RecordedRequest(HttpRequestMessage Message, byte[]? Body)
{
    public string BodyText => Body is null ? string.Empty : System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Message.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : Message.Content?.Headers.TryGetValues(name, out var contentValues) == true ? string.Join(",", contentValues!)
        : null;
}
