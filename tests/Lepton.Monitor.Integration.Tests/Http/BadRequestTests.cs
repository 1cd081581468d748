using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>Every refused request says why: problem+json naming the parameter, 415 for a body format we do not read, 413 for a gzip bomb.</summary>
public sealed class BadRequestTests : IAsyncLifetime
{
    private const int MaxBodyBytes = 64 * 1024;
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await LeptonTestHost.StartAsync(_data.Path, "--Lepton:Ingest:MaxBodyBytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await _host.Admin.CreateTenantAsync("acme", "US");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private const string Record = """{"id":"gz-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":10,"currency":"USD","channel":"card"}""";

    private static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string parameter)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.Equal(parameter, problem.Text("parameter"));
        Assert.StartsWith(parameter + ":", problem.Text("detail"));
        return problem;
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        _host.Admin.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Theory]
    [InlineData("/v1/alerts?pageSize=abc", "pageSize")]
    [InlineData("/v1/alerts?since=2026-13-45", "since")]
    [InlineData("/v1/dead-letters?pageSize=1.5", "pageSize")]
    [InlineData("/v1/parked?retryable=maybe", "retryable")]
    public async Task A_query_value_that_does_not_parse_is_a_problem_naming_the_parameter(string url, string parameter) =>
        await AssertProblemAsync(await _host.Admin.GetAsync(url), HttpStatusCode.BadRequest, parameter);

    [Theory]
    [InlineData("""{"tenant":"acme","jurisdiction":"US","modelId":"m","stage":"canary","canaryShare":NaN}""", "canaryShare")]
    [InlineData("""{"tenant":"acme","jurisdiction":"US","modelId":"m","stage":"bogus"}""", "stage")]
    public async Task A_json_body_member_that_does_not_read_is_a_problem_naming_the_member(string body, string member) =>
        await AssertProblemAsync(await PostJsonAsync("/v1/models/deployments", body), HttpStatusCode.BadRequest, member);

    [Fact]
    public async Task A_store_refusal_is_a_problem_too_and_keeps_the_error_member()
    {
        var problem = await AssertProblemAsync(await _host.Admin.GetAsync("/v1/alerts?cursor=%25%25not-a-cursor"), HttpStatusCode.BadRequest, "cursor");
        Assert.Equal(problem.Text("detail"), problem.Text("error"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Records_in_a_content_type_we_do_not_read_are_415(string contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Record));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await _host.Admin.PostAsync("/v1/records", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Type", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Records_in_an_encoding_we_do_not_read_are_415()
    {
        var response = await PostRecordsAsync(Encoding.UTF8.GetBytes(Record), "br");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Encoding", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Gzip_records_are_inflated_and_accepted()
    {
        var response = await PostRecordsAsync(Gzip(Encoding.UTF8.GetBytes(Record)), "gzip");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(1, body["accepted"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_gzip_bomb_is_413_at_the_inflated_limit()
    {
        var bomb = Gzip(new byte[64 * MaxBodyBytes]);
        Assert.True(bomb.Length < MaxBodyBytes, "the compressed body itself is within the limit");
        var response = await PostRecordsAsync(bomb, "gzip");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("inflates", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_that_claims_gzip_but_is_not_is_400_with_the_reason()
    {
        var response = await PostRecordsAsync(Encoding.UTF8.GetBytes(Record), "gzip");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("gzip", await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> PostRecordsAsync(byte[] body, string encoding)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-ndjson");
        content.Headers.ContentEncoding.Add(encoding);
        return await _host.Admin.PostAsync("/v1/records", content);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
            gzip.Write(data);
        return output.ToArray();
    }
}
