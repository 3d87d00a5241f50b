namespace Nutritionist.Messaging.Sandbox.Internal;

/// <summary>One HTTP request as the emulator sees it, whether it came from an <see cref="HttpRequestMessage"/> or from Kestrel.</summary>
internal sealed class SandboxRequest
{
    public required string Method { get; init; }

    /// <summary>The path as sent (still percent-encoded), starting with <c>/</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The query as sent, without <c>?</c>.</summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>The <c>Host</c> the client addressed (host and, when not the default, port).</summary>
    public required string Host { get; init; }

    /// <summary>Every header, content headers included, each with its values in order.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; }

    public byte[] Body { get; init; } = [];

    /// <summary>A header's values joined with a comma, or <see langword="null"/> when absent.</summary>
    public string? Header(string name) =>
        Headers.TryGetValue(name, out var values) && values.Count > 0 ? string.Join(',', values) : null;

    public static async Task<SandboxRequest> FromMessageAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in message.Headers.NonValidated)
        {
            headers[header.Key] = [.. header.Value];
        }

        byte[] body = [];
        if (message.Content is not null)
        {
            foreach (var header in message.Content.Headers.NonValidated)
            {
                headers[header.Key] = [.. header.Value];
            }

            body = await message.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        var uri = message.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var host = headers.TryGetValue("Host", out var hosts) && hosts.Count > 0 ? hosts[0] : uri.Authority;
        headers["Host"] = [host];
        return new SandboxRequest
        {
            Method = message.Method.Method,
            Path = uri.AbsolutePath,
            Query = uri.Query.TrimStart('?'),
            Host = host,
            Headers = headers,
            Body = body,
        };
    }
}
