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
}
