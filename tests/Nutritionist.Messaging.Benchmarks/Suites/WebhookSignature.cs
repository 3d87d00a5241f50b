using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Nutritionist.Messaging.Twilio;

namespace Nutritionist.Messaging.Benchmarks.Suites;

/// <summary>
/// Twilio webhook signature validation (<see cref="TwilioSignature.IsValid"/>). Inputs: the "basic form params" vector
/// from <c>shared/reference/twilio/signature-vectors.json</c> (5 parameters; a computed stand-in when the file is absent),
/// and a WhatsApp inbound message webhook with the 16 parameters Twilio posts. Baseline: one HMAC-SHA1 over the
/// precomputed string to sign, Base64 and a constant-time compare — the least any validator must do.
/// </summary>
[MemoryDiagnoser]
public class WebhookSignature
{
    private string _token = string.Empty;
    private string _url = string.Empty;
    private KeyValuePair<string, string>[] _parameters = [];
    private string _signature = string.Empty;
    private byte[] _key = [];
    private byte[] _stringToSign = [];
    private byte[] _expected = [];

    [Params("reference-5-params", "whatsapp-16-params")]
    public string Request { get; set; } = "reference-5-params";

    [GlobalSetup]
    public void Setup()
    {
        var vectors = Reference.Find("twilio/signature-vectors.json");
        if (Request == "reference-5-params" && vectors is not null)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(vectors));
            var vector = document.RootElement.GetProperty("vectors")[0];
            _token = vector.GetProperty("authToken").GetString()!;
            _url = vector.GetProperty("url").GetString()!;
            _parameters = vector.GetProperty("params").EnumerateArray().Select(p => new KeyValuePair<string, string>(p[0].GetString()!, p[1].GetString()!)).ToArray();
            _signature = vector.GetProperty("expectedSignature").GetString()!;
        }
        else
        {
            if (vectors is null)
            {
                Console.WriteLine("// shared/reference/twilio/signature-vectors.json not found: using computed inputs.");
            }

            _token = LoopbackServer.TwilioAuthToken;
            _url = "https://nutrition.example.com/webhooks/twilio/inbound";
            _parameters = Request == "reference-5-params"
                ? [new("CallSid", "CA1234567890ABCDE"), new("From", "+14158675309"), new("Digits", "1234"), new("To", "+18005551212"), new("Caller", "+14158675309")]
                :
                [
                    new("SmsMessageSid", "SM0123456789abcdef0123456789abcdef"), new("NumMedia", "0"), new("ProfileName", "Sam"),
                    new("MessageType", "text"), new("SmsSid", "SM0123456789abcdef0123456789abcdef"), new("WaId", "14155552671"),
                    new("SmsStatus", "received"), new("Body", "What should I eat before a run?"), new("To", "whatsapp:+14155238886"),
                    new("NumSegments", "1"), new("ReferralNumMedia", "0"), new("MessageSid", "SM0123456789abcdef0123456789abcdef"),
                    new("AccountSid", LoopbackServer.TwilioAccountSid), new("From", "whatsapp:+14155552671"), new("ApiVersion", "2010-04-01"),
                    new("ChannelMetadata", """{"type":"whatsapp","data":{"context":{"ProfileName":"Sam","WaId":"14155552671"}}}"""),
                ];
            _signature = TwilioSignature.Compute(_token, _url, _parameters);
        }

        _key = Encoding.UTF8.GetBytes(_token);
        var builder = new StringBuilder(_url);
        foreach (var (name, value) in _parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            builder.Append(name).Append(value);
        }

        _stringToSign = Encoding.UTF8.GetBytes(builder.ToString());
        _expected = Encoding.ASCII.GetBytes(_signature);
        if (!HmacOnly() || !TwilioSignature.IsValid(_token, _url, _parameters, _signature))
        {
            throw new InvalidOperationException("The webhook signature inputs do not validate.");
        }
    }

    [Benchmark(Baseline = true, Description = "one HMAC-SHA1 + compare")]
    public bool HmacOnly()
    {
#pragma warning disable CA5350 // Twilio's signature is HMAC-SHA1 by definition.
        var actual = Encoding.ASCII.GetBytes(Convert.ToBase64String(HMACSHA1.HashData(_key, _stringToSign)));
#pragma warning restore CA5350
        return CryptographicOperations.FixedTimeEquals(actual, _expected);
    }

    [Benchmark(Description = "TwilioSignature.IsValid")]
    public bool IsValid() => TwilioSignature.IsValid(_token, _url, _parameters, _signature);
}
