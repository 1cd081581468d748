using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>
/// No card number, IBAN, SSN or e-mail address sent in an invalid record reaches the POST answer, the dead-letter API or
/// any file of the data folder (the database, its WAL and every other file) or the ingest log, whichever field or key
/// name it was sent in.
/// </summary>
public sealed class DeadLetterPiiTests
{
    private const int Seed = 1313;
    private const int RecordCount = 300;

    private static readonly string[] Places =
    [
        "id", "tenant", "timestamp", "amount", "amount-number", "currency", "channel", "dataSubjectRegion", "processingRegion",
        "jurisdictions", "attributes-value", "attributes-key", "attributes-bad-key", "attributes-nested", "features-key",
        "features-bad-key", "features-value", "memo", "memo-object", "unknown-key", "unknown-value", "party-name",
        "party-country", "party-unknown-key",
    ];

    [Fact]
    public async Task Pii_planted_anywhere_in_invalid_records_reaches_no_answer_and_no_file()
    {
        var random = new Random(Seed);
        var planted = new List<string>();
        var lines = new List<string>();
        for (var i = 0; i < RecordCount; i++)
            lines.Add(InvalidRecord(random, i, planted));

        using var data = new TempFolder();
        var answers = new StringBuilder();
        var log = new CapturingLoggerProvider();
        // The ingest service logs each rejecting batch (with its first reason) at Information.
        await using (var host = await LeptonTestHost.StartAsync(data.Path, "--Logging:LogLevel:Lepton.Monitor.Ingest", "Information"))
        {
            host.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
            await host.Admin.CreateTenantAsync("acme", "US", "EU");
            foreach (var batch in lines.Chunk(100))
            {
                using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join('\n', batch)));
                content.Headers.ContentType = new("application/x-ndjson");
                var response = await host.Admin.PostAsync("/v1/records", content);
                var text = await response.Content.ReadAsStringAsync();
                answers.Append(text);
                // Every record is invalid: nothing reaches the journal, so everything sent is in a dead letter.
                Assert.Equal(0, JsonNode.Parse(text)!["accepted"]!.GetValue<int>());
            }
            var letters = await host.Admin.GetAllAsync("/v1/dead-letters");
            Assert.Equal(RecordCount, letters.Count);
            // The letters still carry their diagnosis: redacted payloads, with the planted PII masked in place.
            Assert.True(letters.Count(l => l["redactedPayload"] is not null) > RecordCount / 2);
            Assert.Contains(letters, l => l["redactedPayload"]?.GetValue<string>().Contains("[masked:", StringComparison.Ordinal) == true);
            answers.Append(string.Join('\n', letters.Select(l => l.ToJson())));
            answers.Append(string.Join('\n', (await host.Admin.GetAllAsync("/v1/dead-letters?tenant=acme")).Select(l => l.ToJson())));
        }

        Assert.Contains(log.Lines, l => l.Contains("rejected", StringComparison.Ordinal));
        var all = answers.ToString() + string.Join('\n', log.Lines);
        var files = Directory.EnumerateFiles(data.Path, "*", SearchOption.AllDirectories)
            .Select(f => (f, File.ReadAllBytes(f))).ToList();
        Assert.Contains(files, f => f.f.EndsWith("lepton.db", StringComparison.Ordinal));
        foreach (var raw in planted)
        {
            Assert.DoesNotContain(raw, all);
            var bytes = Encoding.UTF8.GetBytes(raw);
            foreach (var (file, content) in files)
                Assert.True(content.AsSpan().IndexOf(bytes) < 0, $"'{raw}' found in {file}");
        }
    }

    private static string InvalidRecord(Random random, int index, List<string> planted)
    {
        // One in ten lines is not even a complete JSON object: its id and memo were never parsed into a record.
        if (index % 10 == 9)
        {
            var id = Pii(random, planted);
            return $$"""{"id":"{{id}}","tenant":"acme","memo":"{{Pii(random, planted)}}","amount":""";
        }
        var n = new JsonObject
        {
            ["id"] = $"dl-{index}",
            ["tenant"] = "acme",
            ["timestamp"] = "2026-11-22T14:00:00Z",
            ["amount"] = 100,
            ["currency"] = "USD",
            ["channel"] = "cash",
            ["originator"] = new JsonObject { ["account"] = "acct-1", ["name"] = "n", ["country"] = "DE" },
        };
        var plantings = random.Next(1, 4);
        for (var p = 0; p < plantings; p++)
            Plant(n, Places[random.Next(Places.Length)], Pii(random, planted), random);
        // Then one invalidity, never undoing a planting (a planted value in that field is invalid already).
        switch (random.Next(6))
        {
            case 0 when n["amount"]!.ToJsonString() == "100": n["amount"] = -1; break;
            case 1 when (string?)n["currency"] == "USD": n["currency"] = "ZZZ"; break;
            case 2 when (string?)n["timestamp"] == "2026-11-22T14:00:00Z": n["timestamp"] = "yesterday"; break;
            case 3 when (string?)n["tenant"] == "acme": n["tenant"] = "nobody"; break;
            case 4: Map(n, "features")["score"] = "high"; break;
            default: n["id"] = (string?)n["id"] + "\u0000"; break;
        }
        return n.ToJsonString();
    }

    private static void Plant(JsonObject n, string place, string pii, Random random)
    {
        switch (place)
        {
            case "id": n["id"] = pii; break;
            case "tenant": n["tenant"] = pii; break;
            case "timestamp": n["timestamp"] = pii; break;
            case "amount": n["amount"] = pii; break;
            case "amount-number" when pii.All(char.IsAsciiDigit): n["amount"] = JsonNode.Parse(pii); break;
            case "amount-number": n["amount"] = "€ " + pii; break;
            case "currency": n["currency"] = pii; break;
            case "channel": n["channel"] = pii; break;
            case "dataSubjectRegion": n["dataSubjectRegion"] = pii; break;
            case "processingRegion": n["processingRegion"] = pii; break;
            case "jurisdictions": n["jurisdictions"] = new JsonArray("US", pii); break;
            case "attributes-value": Map(n, "attributes")["holder" + random.Next(1000)] = "Erika " + pii; break;
            case "attributes-key": Map(n, "attributes")[pii] = "x"; break;
            case "attributes-bad-key": Map(n, "attributes")[pii] = 7; break;
            case "attributes-nested": Map(n, "attributes")["deep"] = new JsonObject { [pii] = new JsonArray(pii) }; break;
            case "features-key": Map(n, "features")[pii] = 1.5; break;
            case "features-bad-key": Map(n, "features")[pii] = "not a number"; break;
            case "features-value": Map(n, "features")["score" + random.Next(1000)] = pii; break;
            case "memo": n["memo"] = "pay " + pii; break;
            case "memo-object": n["memo"] = new JsonObject { ["name"] = "Erika Mustermann", [pii] = pii }; break;
            case "unknown-key": n[pii] = "x"; break;
            case "unknown-value": n["note" + random.Next(1000)] = pii; break;
            case "party-name": n["originator"]!["name"] = pii; break;
            case "party-country": n["originator"]!["country"] = pii; break;
            default: n["originator"]![pii] = pii; break;
        }
    }

    private static JsonObject Map(JsonObject n, string name) => n[name] as JsonObject ?? (JsonObject)(n[name] = new JsonObject());

    /// <summary>A fresh card number (Luhn-valid), IBAN (valid check digits), SSN or e-mail address, remembered in <paramref name="planted"/>.</summary>
    private static string Pii(Random random, List<string> planted)
    {
        var pii = random.Next(4) switch
        {
            0 => CardNumber(random),
            1 => Iban(random),
            2 => Ssn(random),
            _ => $"holder{random.Next(1_000_000)}.x@mail{random.Next(1000)}.example.org",
        };
        planted.Add(pii);
        return pii;
    }

    private static string CardNumber(Random random)
    {
        var digits = "4" + Digits(random, 14);
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            // Doubling starts at the rightmost digit of the payload (the check digit goes to its right).
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return digits + (char)('0' + (10 - sum % 10) % 10);
    }

    private static string Iban(Random random)
    {
        var bban = Digits(random, 18);
        // ISO 13616: BBAN + "DE00" with D=13, E=14, mod 97; check = 98 - remainder.
        var remainder = (int)(BigInteger.Parse(bban + "131400", CultureInfo.InvariantCulture) % 97);
        return $"DE{98 - remainder:00}{bban}";
    }

    private static string Ssn(Random random) =>
        $"{random.Next(1, 666):000}-{random.Next(1, 100):00}-{random.Next(1, 10000):0000}";

    private static string Digits(Random random, int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++)
            chars[i] = (char)('0' + random.Next(10));
        return new string(chars);
    }

    /// <summary>Every log line written while the host runs, message and exception text.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception) + exception);
        }
    }
}
