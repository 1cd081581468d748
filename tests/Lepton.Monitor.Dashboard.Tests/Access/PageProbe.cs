using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Dashboard.Tests.Access;

/// <summary>
/// Requests made from inside the board page with the page's own credential, as a curious user would from the
/// console: the API key in session storage (if any) and the session cookie the browser attaches.
/// </summary>
public static class PageProbe
{
    public sealed record Answer(int Status, JsonNode? Body, string ContentType, bool Redirected);

    /// <summary>A same-origin fetch; <paramref name="boardHeader"/> false leaves out X-Lepton-Client, as a forged request would.</summary>
    public static async Task<Answer> FetchAsync(IPage page, string method, string path, object? body = null, bool boardHeader = true)
    {
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async ([method, path, body, boardHeader]) => {
              const headers = {};
              const key = sessionStorage.getItem('lepton.apiKey');
              if (key) headers.Authorization = `Bearer ${key}`;
              if (boardHeader) headers['X-Lepton-Client'] = 'board';
              if (body !== null) headers['Content-Type'] = 'application/json';
              const res = await fetch(path, { method, headers, credentials: 'same-origin', redirect: 'manual', body: body === null ? undefined : body });
              return { status: res.status, text: await res.text(), type: res.headers.get('content-type') || '', redirected: res.type === 'opaqueredirect' };
            }
            """,
            new object?[] { method, path, body is null ? null : JsonSerializer.Serialize(body), boardHeader });
        var text = result.GetProperty("text").GetString()!;
        JsonNode? json = null;
        try { json = text.Length > 0 ? JsonNode.Parse(text) : null; } catch (JsonException) { }
        return new Answer(result.GetProperty("status").GetInt32(), json, result.GetProperty("type").GetString()!, result.GetProperty("redirected").GetBoolean());
    }

    public static Task<Answer> GetAsync(IPage page, string path) => FetchAsync(page, "GET", path);

    /// <summary>Opens <c>GET /v1/alerts/stream…</c> from the page and keeps every event's alert in window.__streams[name]; returns the status.</summary>
    public static Task<int> OpenStreamAsync(IPage page, string name, string url) => page.EvaluateAsync<int>(
        """
        ([name, url]) => new Promise(resolve => {
          const streams = window.__streams ??= {};
          const s = streams[name] = { events: [] };
          const headers = { Accept: 'text/event-stream' };
          const key = sessionStorage.getItem('lepton.apiKey');
          if (key) headers.Authorization = `Bearer ${key}`;
          fetch(url, { headers, credentials: 'same-origin', cache: 'no-store' }).then(async res => {
            resolve(res.status);
            if (!res.ok) return;
            const reader = res.body.getReader();
            const decoder = new TextDecoder();
            let buffer = '';
            for (;;) {
              const { value, done } = await reader.read();
              if (done) return;
              buffer += decoder.decode(value, { stream: true });
              let end;
              while ((end = buffer.indexOf('\n\n')) >= 0) {
                const block = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trim()).join('\n');
                if (data) { try { s.events.push(JSON.parse(data)); } catch { /* not an alert */ } }
              }
            }
          }, () => resolve(0));
        })
        """,
        new[] { name, url });

    /// <summary>Waits until the page's stream <paramref name="name"/> carried an event for alert <paramref name="alertId"/>.</summary>
    public static Task WaitForStreamEventAsync(IPage page, string name, string alertId) =>
        page.WaitForFunctionAsync("([name, id]) => window.__streams?.[name]?.events.some(a => a.id === id)", new[] { name, alertId },
            new PageWaitForFunctionOptions { Timeout = 20_000 });

    /// <summary>The tenants of every alert stream <paramref name="name"/> carried so far.</summary>
    public static async Task<string[]> StreamTenantsAsync(IPage page, string name) =>
        await page.EvaluateAsync<string[]>("name => (window.__streams?.[name]?.events ?? []).map(a => String(a.tenant))", name);
}
