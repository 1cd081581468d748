using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton parked list|replay`: lists or replays a running instance's parked records over its HTTP API.</summary>
public sealed class ParkedVerb(TextWriter? output = null, TextWriter? error = null) : Verb
{
    public const string KeyVariable = "LEPTON_ADMIN_KEY";

    private readonly Option<string> _url = UrlOption();
    private readonly Option<string> _key = KeyOption();
    private readonly Option<string> _tenant = new("--tenant") { Description = "only this tenant's records", HelpName = "T" };
    private readonly Option<string> _jurisdiction = new("--jurisdiction") { Description = "only this jurisdiction's records", HelpName = "J" };
    private readonly Option<bool?> _retryable = new("--retryable") { Description = "only records retried automatically (true) or waiting for a replay (false)", HelpName = "true|false" };
    private readonly Option<int> _limit = new Option<int>("--limit") { Description = "rows at most", HelpName = "N", DefaultValueFactory = _ => 200 }.AtLeast(1);
    private readonly Option<string> _records = new("--records") { Description = "only these record ids", HelpName = "ID,ID,..." };

    public override string Name => "parked";
    public override string Summary => "list or replay the records a running instance parked (GET /v1/parked, POST /v1/parked/replay)";

    public override string Details => """
        Talks to a running instance at --url with the API key --key (default: the LEPTON_ADMIN_KEY environment variable).
        A record is parked when its monitor could not check it; retryable ones are retried automatically with backoff,
        the others wait for a replay. `list` prints one row per parked record, newest first (at most --limit rows; it
        says when more exist): tenant, monitor, record id, attempts, whether it is retried, its next attempt and reason.
        `replay` (admin key) replays every parked record that matches now, whether retryable or not, and prints each
        record's outcome (replayed, or failing with the reason). Exit code 0 when done (replay: every record replayed),
        1 when the instance refused or some records still fail, 2 on bad arguments.
        """;

    internal static Option<string> UrlOption() =>
        new("--url") { Description = "the running instance", HelpName = "URL", DefaultValueFactory = _ => "http://127.0.0.1:8080" };

    internal static Option<string> KeyOption() =>
        new("--key") { Description = $"the API key (default: ${KeyVariable})", HelpName = "KEY" };

    protected override void Define(Command command)
    {
        var list = new Command("list", "one row per parked record, newest first");
        foreach (var option in new Option[] { _url, _key, _tenant, _jurisdiction, _retryable, _limit })
            list.Options.Add(option);
        var replay = new Command("replay", "replay the parked records that match now (admin key)");
        foreach (var option in new Option[] { _url, _key, _tenant, _jurisdiction, _records })
            replay.Options.Add(option);
        list.SetAction((parse, ct) => ExecuteAsync(parse, ct));
        replay.SetAction((parse, ct) => ExecuteAsync(parse, ct));
        command.Subcommands.Add(list);
        command.Subcommands.Add(replay);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var subcommand = parse.CommandResult.Command.Name;
        if (subcommand is not ("list" or "replay"))
            throw new ArgumentException("expected 'list' or 'replay'");
        var url = parse.GetValue(_url)!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            throw new ArgumentException($"--url: '{url}' is not an http(s) URL");
        var key = parse.GetValue(_key) ?? Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrEmpty(key))
            throw new ArgumentException($"--key is required (or set {KeyVariable})");

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        try
        {
            return subcommand == "list" ? await ListAsync(http, parse) : await ReplayAsync(http, parse);
        }
        catch (HttpRequestException e)
        {
            Error.WriteLine($"lepton parked: {url} did not answer: {e.Message}");
            return 1;
        }
    }

    private TextWriter Output => output ?? Console.Out;
    private TextWriter Error => error ?? Console.Error;

    private async Task<int> ListAsync(HttpClient http, ParseResult parse)
    {
        var limit = parse.GetValue(_limit);
        var retryable = parse.GetValue(_retryable) is { } r ? (r ? "true" : "false") : null;
        var query = Query(("tenant", parse.GetValue(_tenant)), ("jurisdiction", parse.GetValue(_jurisdiction)), ("retryable", retryable));

        var rows = new List<string[]>();
        string? cursor = null;
        do
        {
            var pageSize = Math.Min(500, limit - rows.Count);
            using var response = await http.GetAsync($"/v1/parked?pageSize={pageSize}{query}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            if (await FailedAsync(response))
                return 1;
            var page = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            foreach (var item in page["items"]!.AsArray())
            {
                rows.Add([
                    Text(item, "tenant"), Text(item, "monitor"), Text(item, "recordId"),
                    item!["attempts"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture),
                    item["retryable"]!.GetValue<bool>() ? "yes" : "no",
                    Text(item, "nextAttemptAt"),
                    item["lastError"] is { } last ? last.GetValue<string>() : Text(item, "reason"),
                ]);
            }
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null && rows.Count < limit);

        if (rows.Count == 0)
        {
            Output.WriteLine("no parked records");
            return 0;
        }
        WriteTable(["TENANT", "MONITOR", "RECORD", "ATTEMPTS", "RETRIED", "NEXT ATTEMPT", "REASON"], rows);
        if (cursor is not null)
            Output.WriteLine($"(first {rows.Count} shown; more are parked: raise --limit or narrow with --tenant/--jurisdiction)");
        return 0;
    }

    private async Task<int> ReplayAsync(HttpClient http, ParseResult parse)
    {
        var records = parse.GetValue(_records)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var response = await http.PostAsJsonAsync("/v1/parked/replay", new { tenant = parse.GetValue(_tenant), jurisdiction = parse.GetValue(_jurisdiction), recordIds = records });
        if (await FailedAsync(response))
            return 1;
        var report = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var rows = report["outcomes"]!.AsArray()
            .Select(o => new[] { Text(o, "tenant"), Text(o, "monitor"), Text(o, "recordId"), Text(o, "outcome"), o!["reason"]?.GetValue<string>() ?? "" })
            .ToList();
        if (rows.Count > 0)
            WriteTable(["TENANT", "MONITOR", "RECORD", "OUTCOME", "REASON"], rows);
        var replayed = report["replayed"]!.GetValue<int>();
        var failing = report["stillFailing"]!.GetValue<int>();
        Output.WriteLine($"replayed {replayed}, still failing {failing}" + (report["more"]!.GetValue<bool>() ? "; more records matched: run replay again" : ""));
        return failing == 0 ? 0 : 1;
    }

    private async Task<bool> FailedAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
            return false;
        var body = await response.Content.ReadAsStringAsync();
        Error.WriteLine($"lepton parked: HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body : "")}");
        return true;
    }

    private void WriteTable(string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        Output.WriteLine(Row(header, widths));
        foreach (var row in rows)
            Output.WriteLine(Row(row, widths));
    }

    // The last column is not padded: it is the free-text reason.
    private static string Row(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Text(JsonNode? node, string name) => node![name]?.ToString() ?? "";

    private static string Query(params (string Name, string? Value)[] parameters) =>
        string.Concat(parameters.Where(p => p.Value is not null).Select(p => $"&{p.Name}={Uri.EscapeDataString(p.Value!)}"));
}
