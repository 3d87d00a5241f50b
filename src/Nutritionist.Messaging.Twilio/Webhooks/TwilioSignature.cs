using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Nutritionist.Messaging.Twilio;

/// <summary>
/// Twilio's webhook signature (<c>X-Twilio-Signature</c>): Base64(HMAC-SHA1(auth token, URL + sorted parameters)).
/// </summary>
/// <remarks>
/// <para>Form-encoded requests: the URL exactly as Twilio requested it (scheme, user info, host case, port, path and
/// query verbatim), then each POST parameter as <c>key + value</c>, sorted by key and then value (ordinal), with
/// identical pairs counted once.</para>
/// <para>JSON requests: Twilio adds <c>bodySHA256</c> (lowercase hex SHA-256 of the raw body) to the query; the signature
/// covers the URL alone, and the body must hash to that value.</para>
/// <para>Twilio is inconsistent about ports, so the URL with its port toggled is accepted too (a URL with a port is also
/// tried without it; one without is also tried with <c>:443</c> or <c>:80</c>), and so is the URL with <c>'</c> written
/// as <c>%27</c>, as Twilio's Node library signs it. Comparisons run in constant time. Thread-safe.</para>
/// </remarks>
public static class TwilioSignature
{
    /// <summary>Computes the signature Twilio would send for a form-encoded request.</summary>
    /// <param name="authToken">The account's auth token.</param>
    /// <param name="url">The full URL, exactly as Twilio requested it.</param>
    /// <param name="parameters">The POST parameters (repeated keys allowed); none for JSON requests.</param>
    /// <returns>The Base64 signature.</returns>
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>>? parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        ArgumentNullException.ThrowIfNull(url);
        return Convert.ToBase64String(Hmac(Encoding.UTF8.GetBytes(authToken), StringToSign(url, parameters)));
    }

    /// <summary>Checks a request's <c>X-Twilio-Signature</c>.</summary>
    /// <param name="authToken">The account's auth token.</param>
    /// <param name="url">The full URL, exactly as Twilio requested it (use the public URL when behind a proxy).</param>
    /// <param name="parameters">The form POST parameters; ignored when <paramref name="jsonBody"/> is given.</param>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header.</param>
    /// <param name="jsonBody">
    /// The raw body of an <c>application/json</c> request; <see langword="null"/> for form requests. Required when the URL
    /// carries <c>bodySHA256</c>.
    /// </param>
    /// <returns><see langword="true"/> when the signature (and, for JSON, the body hash) matches.</returns>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>>? parameters, string? signature, string? jsonBody = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        ArgumentNullException.ThrowIfNull(url);
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var expectedHash = QueryValue(url, "bodySHA256");
        if (jsonBody is not null || expectedHash is not null)
        {
            // A URL that promises a body hash is only valid with the body it hashes, and a JSON body only with its hash.
            if (expectedHash is null || jsonBody is null)
            {
                return false;
            }

            var actualHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jsonBody)));
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(actualHash), Encoding.ASCII.GetBytes(expectedHash.ToLowerInvariant())))
            {
                return false;
            }

            parameters = null;
        }

        var key = Encoding.UTF8.GetBytes(authToken);
        var expected = Encoding.ASCII.GetBytes(signature);
        var pairs = SortedPairs(parameters, out var pairCount);
        char[]? chars = null;
        byte[]? bytes = null;
        try
        {
            // The parameters are sorted and written once, at the end of one pooled buffer; each candidate URL is copied
            // in right before them, so the candidate and the parameters are UTF-8 encoded together, exactly as the
            // concatenated string to sign would be, without building that string per candidate.
            var parametersLength = JoinedLength(pairs, pairCount);
            var urlRoom = 0;
            Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
            Span<byte> actual = stackalloc byte[Base64.GetMaxEncodedToUtf8Length(HMACSHA1.HashSizeInBytes)];
            var valid = false;
            foreach (var candidate in Candidates(url))
            {
                if (chars is null || bytes is null || candidate.Length > urlRoom)
                {
                    // First candidate, or a longer one: room for the URL with its port toggled and a few quotes encoded.
                    Return(chars, bytes);
                    chars = null;
                    bytes = null;
                    urlRoom = candidate.Length + 16;
                    chars = ArrayPool<char>.Shared.Rent(urlRoom + parametersLength);
                    bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(urlRoom + parametersLength));
                    WritePairs(pairs, pairCount, chars.AsSpan(urlRoom, parametersLength));
                }

                var start = urlRoom - candidate.Length;
                candidate.CopyTo(chars.AsSpan(start));
                var byteCount = Encoding.UTF8.GetBytes(chars.AsSpan(start, candidate.Length + parametersLength), bytes);
                HMACSHA1.HashData(key, bytes.AsSpan(0, byteCount), hash);
                Base64.EncodeToUtf8(hash, actual, out _, out var written);

                // Every candidate is checked, so the time taken does not say which one matched.
                valid |= CryptographicOperations.FixedTimeEquals(actual[..written], expected);
            }

            return valid;
        }
        finally
        {
            Return(chars, bytes);
            if (pairs is not null)
            {
                ArrayPool<(string Key, string Value)>.Shared.Return(pairs, clearArray: true);
            }
        }
    }

    internal static string StringToSign(string url, IEnumerable<KeyValuePair<string, string>>? parameters)
    {
        var pairs = SortedPairs(parameters, out var pairCount);
        try
        {
            return string.Create(
                checked(url.Length + JoinedLength(pairs, pairCount)),
                (url, pairs, pairCount),
                static (chars, state) =>
                {
                    state.url.CopyTo(chars);
                    WritePairs(state.pairs, state.pairCount, chars[state.url.Length..]);
                });
        }
        finally
        {
            if (pairs is not null)
            {
                ArrayPool<(string Key, string Value)>.Shared.Return(pairs, clearArray: true);
            }
        }
    }

    /// <summary>
    /// The parameters with a key, a missing value read as empty, sorted by key and then value (ordinal), identical pairs
    /// once: the first <paramref name="count"/> items of an array rented from <see cref="ArrayPool{T}.Shared"/>, which the
    /// caller returns (cleared); <see langword="null"/> when <paramref name="parameters"/> is.
    /// </summary>
    private static (string Key, string Value)[]? SortedPairs(IEnumerable<KeyValuePair<string, string>>? parameters, out int count)
    {
        count = 0;
        if (parameters is null)
        {
            return null;
        }

        var pool = ArrayPool<(string Key, string Value)>.Shared;
        var pairs = pool.Rent(parameters.TryGetNonEnumeratedCount(out var known) ? Math.Max(known, 1) : 16);
        foreach (var (key, value) in parameters)
        {
            if (key is null)
            {
                continue;
            }

            if (count == pairs.Length)
            {
                var larger = pool.Rent(count * 2);
                pairs.AsSpan(0, count).CopyTo(larger);
                pool.Return(pairs, clearArray: true);
                pairs = larger;
            }

            pairs[count++] = (key, value ?? string.Empty);
        }

        // A total order (ordinal compares to 0 only for equal strings), so equal pairs end up side by side.
        var sorted = pairs.AsSpan(0, count);
        sorted.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });

        var unique = 0;
        foreach (var pair in sorted)
        {
            if (unique == 0 || pair != sorted[unique - 1])
            {
                sorted[unique++] = pair;
            }
        }

        count = unique;
        return pairs;
    }

    /// <summary>The length of the pairs written as <c>key + value</c> one after another.</summary>
    private static int JoinedLength((string Key, string Value)[]? pairs, int count)
    {
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            length = checked(length + pairs![i].Key.Length + pairs[i].Value.Length);
        }

        return length;
    }

    /// <summary>Writes the pairs as <c>key + value</c> one after another; <paramref name="destination"/> is exactly <see cref="JoinedLength"/> long.</summary>
    private static void WritePairs((string Key, string Value)[]? pairs, int count, Span<char> destination)
    {
        for (var i = 0; i < count; i++)
        {
            var (key, value) = pairs![i];
            key.CopyTo(destination);
            value.CopyTo(destination[key.Length..]);
            destination = destination[(key.Length + value.Length)..];
        }
    }

    private static void Return(char[]? chars, byte[]? bytes)
    {
        if (chars is not null)
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        if (bytes is not null)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    internal static IEnumerable<string> Candidates(string url)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spelling in url.Contains('\'', StringComparison.Ordinal) ? [url, url.Replace("'", "%27", StringComparison.Ordinal)] : new[] { url })
        {
            if (seen.Add(spelling))
            {
                yield return spelling;
            }

            if (TogglePort(spelling) is { } toggled && seen.Add(toggled))
            {
                yield return toggled;
            }
        }
    }

    /// <summary>The URL with its port removed, or with the scheme's default port added; <see langword="null"/> if it cannot be parsed.</summary>
    internal static string? TogglePort(string url)
    {
        if (!TrySplit(url, out var schemeEnd, out var hostStart, out var authorityEnd))
        {
            return null;
        }

        var hostPort = url.AsSpan(hostStart, authorityEnd - hostStart);
        var bracket = hostPort.LastIndexOf(']');
        var colon = hostPort.LastIndexOf(':');
        if (colon > bracket)
        {
            return string.Concat(url.AsSpan(0, hostStart + colon), url.AsSpan(authorityEnd));
        }

        var scheme = url.AsSpan(0, schemeEnd);
        var port = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? ":443"
            : scheme.Equals("http", StringComparison.OrdinalIgnoreCase) ? ":80"
            : null;
        return port is null ? null : string.Concat(url.AsSpan(0, authorityEnd), port, url.AsSpan(authorityEnd));
    }

    /// <summary>Finds the end of the scheme, the start of the host (after any user info) and the end of the authority.</summary>
    internal static bool TrySplit(string url, out int schemeEnd, out int hostStart, out int authorityEnd)
    {
        schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        hostStart = authorityEnd = -1;
        if (schemeEnd <= 0)
        {
            return false;
        }

        var authorityStart = schemeEnd + 3;
        authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        hostStart = at >= 0 ? at + 1 : authorityStart;
        return hostStart < authorityEnd;
    }

    private static string? QueryValue(string url, string name)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return null;
        }

        var fragment = url.IndexOf('#', query);
        var span = fragment < 0 ? url[(query + 1)..] : url[(query + 1)..fragment];
        foreach (var part in span.Split('&'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part.AsSpan(0, eq).Equals(name, StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }

        return null;
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(data));
}
