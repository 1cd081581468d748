using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lepton.Monitor.Silo.Cli.Output;

/// <summary>The human form of a verb's figures: Spectre tables written to the verb's output (plain when redirected).</summary>
public static class TableOutput
{
    /// <summary>A console over <paramref name="output"/>: colours only on a terminal, wide enough not to wrap in files.</summary>
    public static IAnsiConsole ConsoleFor(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
            console.Profile.Width = 160;
        return console;
    }

    /// <summary>A table with <paramref name="headers"/> (a leading '>' right-aligns the column) and text cells.</summary>
    public static Table Create(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers)
        {
            var right = header.StartsWith('>');
            var column = new TableColumn(Markup.Escape(right ? header[1..] : header));
            table.AddColumn(right ? column.RightAligned() : column);
        }
        foreach (var row in rows)
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        return table;
    }

    public static void Write(TextWriter output, IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows) =>
        ConsoleFor(output).Write(Create(headers, rows));

    /// <summary>Name/value pairs as a two-column table.</summary>
    public static void WriteFacts(TextWriter output, IEnumerable<(string Name, string Value)> facts) =>
        Write(output, ["", ""], facts.Select(f => new[] { f.Name, f.Value }));
}
