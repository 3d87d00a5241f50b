namespace Nutritionist.Messaging.Benchmarks;

/// <summary>Set-up checks that keep the comparisons honest.</summary>
internal static class SendCheck
{
    /// <summary>Fails unless the raw baseline POSTs byte for byte the JSON the library POSTs.</summary>
    public static async Task SameSmsBodyAsync(Uri server, IMessagingClient library, RawAwsClient raw)
    {
        using var http = new HttpClient();
        var to = Workload.Recipients[0];
        (await http.PostAsync(new Uri(server, "__arm"), null)).EnsureSuccessStatusCode();
        await LibraryHost.SendSmsAsync(library, to);
        var sent = await http.GetByteArrayAsync(new Uri(server, "__last-aws"));
        var expected = RawAwsClient.Serialize(to);
        if (!sent.AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException(
                $"The raw baseline would send different JSON.{Environment.NewLine}library: {System.Text.Encoding.UTF8.GetString(sent)}{Environment.NewLine}raw:     {System.Text.Encoding.UTF8.GetString(expected)}");
        }

        await raw.SendAsync(to);
    }

    /// <summary>
    /// Fails unless the AWS SDK baseline sends an AWS JSON 1.0 SendMessage request, SigV4-signed (the signature is
    /// recomputed with <see cref="HandSigV4"/> over the headers the SDK says it signed), whose JSON is as long as the
    /// SMS request's; and unless the SDK accepts the stub's answer (it checks the MD5 of the body). In memory, through
    /// the stub handler. Returns a line describing what was checked.
    /// </summary>
    public static async Task<string> AwsSdkRequestAsync()
    {
        var endpoint = new Uri("http://127.0.0.1:9/");
        HttpRequestMessage? seen = null;
        byte[] body = [];
        using var stub = new Suites.SmsSendBreakdown.StubAwsHandler { Inspect = (r, b) => (seen, body) = (r, b) };
        using var sdk = new AwsSdkClient(endpoint, stub);
        await sdk.SendAsync();
        var request = seen ?? throw new InvalidOperationException("The AWS SDK sent nothing.");
        string Header(string name) =>
            name == "host" ? request.Headers.Host ?? request.RequestUri!.Authority
            : request.Headers.TryGetValues(name, out var values) || request.Content!.Headers.TryGetValues(name, out values) ? string.Join(",", values)
            : throw new InvalidOperationException($"The AWS SDK signed header {name}, which the request does not carry.");

        var authorization = request.Headers.TryGetValues("Authorization", out var sent) ? string.Join(",", sent) : throw new InvalidOperationException("The AWS SDK request carries no Authorization header.");
        var signedHeaders = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        var amzDate = Header("x-amz-date");
        var expected = HandSigV4.Authorization(
            LoopbackServer.AwsAccessKeyId, LoopbackServer.AwsSecretAccessKey, "us-east-1", "sqs", amzDate, request.Method.Method, request.RequestUri!.AbsolutePath,
            signedHeaders.Select(h => (h, Header(h))).ToList(), body);
        if (authorization != expected)
        {
            throw new InvalidOperationException($"The AWS SDK request is not signed as SigV4 would sign it.{Environment.NewLine}sent:     {authorization}{Environment.NewLine}expected: {expected}");
        }

        var contentType = request.Content!.Headers.ContentType?.MediaType;
        var target = Header("x-amz-target");
        var smsLength = RawAwsClient.Serialize(Workload.Recipients[0]).Length;
        if (contentType != "application/x-amz-json-1.0" || target != AwsSdkClient.Target || body.Length != smsLength)
        {
            throw new InvalidOperationException($"The AWS SDK sent {contentType}, {target}, {body.Length} B (expected application/x-amz-json-1.0, {AwsSdkClient.Target}, {smsLength} B): {System.Text.Encoding.UTF8.GetString(body)}");
        }

        return $"// AWS SDK baseline checked: {request.Method} {request.RequestUri.AbsolutePath}, Content-Type {contentType}, X-Amz-Target {target}, "
            + $"{body.Length} B of JSON (the SMS request: {smsLength} B), SigV4 signature recomputed and equal (signed headers: {string.Join(';', signedHeaders)}), MD5OfMessageBody accepted";
    }

    /// <summary>Fails unless the AWS SDK baseline's request over loopback is as long as the SMS request the library sends.</summary>
    public static async Task SameSdkSizeAsync(Uri server, AwsSdkClient sdk)
    {
        using var http = new HttpClient();
        (await http.PostAsync(new Uri(server, "__arm"), null)).EnsureSuccessStatusCode();
        await sdk.SendAsync();
        var sent = await http.GetByteArrayAsync(new Uri(server, "__last-aws"));
        var smsLength = RawAwsClient.Serialize(Workload.Recipients[0]).Length;
        if (sent.Length != smsLength)
        {
            throw new InvalidOperationException($"The AWS SDK baseline sent {sent.Length} B over loopback, the SMS request is {smsLength} B: {System.Text.Encoding.UTF8.GetString(sent)}");
        }
    }
}
