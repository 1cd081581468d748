using System.Text;

namespace Lepton.Monitor.Ingest.Tests;

/// <summary>The token cache is keyed by UTF-8 bytes: strings and parsed bytes must meet in it, and agree with the HMAC.</summary>
public sealed class TokenFromBytesTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData("DE89370400440532013000")]
    [InlineData("Mar\u00eda O'Brien")]
    [InlineData("\U0001F600")]
    public void A_token_from_bytes_equals_the_token_from_the_string_with_or_without_a_cache(string raw)
    {
        using var cached = new Pseudonymizer(Key);
        using var uncached = new Pseudonymizer(Key, cacheCapacity: 0);
        var utf8 = Encoding.UTF8.GetBytes(raw);

        var fromBytes = cached.Token(utf8);

        Assert.Equal(uncached.Token(raw), fromBytes);
        Assert.Same(fromBytes, cached.Token(raw)); // the string found the bytes' cache entry
        Assert.Same(fromBytes, cached.Token(utf8));
        Assert.Equal(Reference(raw), fromBytes);
    }

    [Fact]
    public void Clearing_the_cache_forgets_every_token()
    {
        var cache = new TokenCache(16);
        var raw = "secret-account"u8;
        var hash = TokenCache.Hash(raw);
        cache.Add(raw, hash, "p_token");
        Assert.True(cache.TryGet(raw, hash, out var token));
        Assert.Equal("p_token", token);

        cache.Clear();

        Assert.False(cache.TryGet(raw, hash, out _));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(" \t\r\n", true)]
    [InlineData("\u00a0\u2003\u3000\u0085", true)]
    [InlineData(" a ", false)]
    [InlineData("\u200b", false)] // zero-width space is not white space to .NET
    [InlineData("\U0001F600", false)]
    public void Blank_utf8_is_what_string_IsNullOrWhiteSpace_calls_blank(string text, bool blank)
    {
        Assert.Equal(string.IsNullOrWhiteSpace(text), blank);
        Assert.Equal(blank, Utf8Text.IsEmptyOrWhiteSpace(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The documented token: "p_" + base64url of the first 16 bytes of HMAC-SHA256(key, UTF-8(raw)).</summary>
    private static string Reference(string raw)
    {
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(raw));
        return "p_" + System.Buffers.Text.Base64Url.EncodeToString(mac.AsSpan(0, 16));
    }
}
