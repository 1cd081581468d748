namespace Lepton.Monitor.Reporting.Html;

/// <summary>
/// The pages' stylesheet, inline (no network, no external fonts). It holds no '&lt;', '&gt;' or '&amp;': the page is written as
/// XML, which would escape them, and HTML does not unescape a style element's text.
/// </summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --bg: #f6f7f9; --card: #ffffff;
                --good: #1a7f37; --bad: #c62828; --accent: #2f6fdf; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--ink);
               font: 15px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
        header { background: var(--ink); color: #fff; padding: 20px 32px 16px; }
        header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }
        header .meta { margin: 0; color: #c3c9d5; font-size: 13px; }
        header .meta span + span::before { content: " · "; }
        .figures { display: flex; flex-wrap: wrap; gap: 10px 28px; margin: 14px 0 0; }
        .figures div { min-width: 110px; }
        .figures dt { font-size: 12px; color: #c3c9d5; text-transform: uppercase; letter-spacing: .04em; }
        .figures dd { margin: 0; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
        main { padding: 8px 32px 40px; max-width: 1280px; }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 4px 24px 20px; margin-top: 20px; }
        h2 { font-size: 18px; margin: 16px 0 12px; }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--line); padding: 6px 10px; white-space: nowrap; }
        td { border-bottom: 1px solid var(--line); padding: 6px 10px; vertical-align: middle; }
        tbody tr:hover { background: #f0f3f8; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.meter { min-width: 110px; }
        td.meter .value { display: block; }
        td.meter .track { display: block; height: 4px; background: #e7eaf0; border-radius: 2px; margin-top: 3px; }
        td.meter .fill { display: block; height: 4px; background: var(--accent); border-radius: 2px; }
        td.low .fill { background: var(--bad); }
        td.low .value, td.crossed, td.missed { color: var(--bad); font-weight: 600; }
        td.met { color: var(--good); font-weight: 600; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
        .badge.drifted, .badge.missed { background: #fde7e7; color: var(--bad); }
        .badge.stable, .badge.met { background: #e3f4e8; color: var(--good); }
        .muted { color: var(--muted); }
        .note { background: #fff8e1; border-left: 4px solid #f0b400; padding: 10px 14px; margin: 12px 0; }
        table.model-summary { width: auto; min-width: 460px; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 8px 24px; }
        figure { margin: 12px 0 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
        figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
        """;
}
