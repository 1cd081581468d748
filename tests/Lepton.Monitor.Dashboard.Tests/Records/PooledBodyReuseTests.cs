using System.Net;
using System.Text;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Dashboard.Tests.Records;

/// <summary>
/// POST /v1/records reads bodies into pooled arrays that the next request reuses: each request's records must be
/// built from its own bytes only (the parse keeps PII as bytes in the body until the submit returns).
/// </summary>
public sealed class PooledBodyReuseTests
{
    [Fact]
    public async Task A_body_reposted_after_another_of_the_same_size_is_a_duplicate_of_itself_not_a_conflict()
    {
        using var data = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("reuse", "US");
        // Same length and shape, other ids, accounts, names and amounts: B lands in the array A was read into.
        var a = Body('a', 200);
        var b = Body('b', 200);
        Assert.Equal(a.Length, b.Length);

        var first = await host.Admin.PostRecordsAsync(a);
        var other = await host.Admin.PostRecordsAsync(b);
        var again = await host.Admin.PostRecordsAsync(a);
        await host.WaitForIdleAsync();

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, other.Status);
        Assert.Equal(HttpStatusCode.Accepted, again.Status);
        Assert.Equal((200, 0), (Int(first.Body, "accepted"), Int(first.Body, "duplicates")));
        Assert.Equal((200, 0), (Int(other.Body, "accepted"), Int(other.Body, "duplicates")));
        // Journaled from A's own bytes, so A again is 200 identical retries; B's values in A's records would be conflicts.
        Assert.Equal((200, 200), (Int(again.Body, "accepted"), Int(again.Body, "duplicates")));
        Assert.Empty(again.Body["rejected"]?.AsArray() ?? []);
    }

    private static int Int(System.Text.Json.Nodes.JsonObject o, string name) => o[name]?.GetValue<int>() ?? -1;

    private static byte[] Body(char tag, int records)
    {
        var s = new StringBuilder();
        for (var i = 0; i < records; i++)
        {
            var n = tag == 'a' ? i : 999 - i;
            s.Append($$$"""{"id":"{{{tag}}}-{{{i:D4}}}","tenant":"reuse","timestamp":"2026-11-22T14:00:00Z","amount":{{{1000 + n:D4}}},"currency":"USD","channel":"wire","originator":{"account":"ACC-{{{tag}}}{{{n:D4}}}","name":"Name {{{tag}}}{{{n:D4}}}","country":"US","customerId":"C-{{{tag}}}{{{n:D4}}}"}}""");
            s.Append('\n');
        }
        return Encoding.UTF8.GetBytes(s.ToString());
    }
}
