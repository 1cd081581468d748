using System.Text.Json;

namespace Lepton.Monitor.Rules;

/// <summary>
/// Maps JSON paths (<c>$.rules[2].params.amount</c>) to 1-based source lines. <see cref="JsonDocument"/> keeps no
/// positions, yet a pack author needs the line of a semantic error (unknown kind, missing param), so one extra
/// reader pass records them. Packs are small and load once, so the cost does not matter.
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLineMap()
    {
    }

    /// <summary>Builds the map; the input must already be known to be valid JSON.</summary>
    public static JsonLineMap Build(ReadOnlySpan<byte> utf8, JsonReaderOptions options)
    {
        var map = new JsonLineMap();
        var lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, options);
        // One frame per open container: its path, whether it is an array, the next element index.
        var stack = new Stack<(string Path, bool IsArray, int Next)>();
        string? property = null;
        var propertyLine = 0;

        while (reader.Read())
        {
            var line = LineOf(lineStarts, reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    propertyLine = line;
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    continue;
            }

            // A value: name it after its parent, then open it if it is a container.
            string path;
            if (stack.Count == 0)
            {
                path = "$";
            }
            else
            {
                var parent = stack.Pop();
                if (parent.IsArray)
                {
                    path = $"{parent.Path}[{parent.Next}]";
                    parent.Next++;
                }
                else
                {
                    path = $"{parent.Path}.{property}";
                    line = propertyLine;
                }
                stack.Push(parent);
            }
            if (!map._lines.TryAdd(path, line) && map.FirstDuplicate is null)
                map.FirstDuplicate = (path, line);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
        }
        return map;
    }

    /// <summary>
    /// The 1-based line and a reason for a parse failure. The reader's own message ends in a zero-based position,
    /// which is cut (the caller reports the 1-based line); a repeated property comes without a position, so a
    /// reader pass finds it.
    /// </summary>
    public static (int? Line, string Reason) DescribeParseError(JsonException e, ReadOnlySpan<byte> utf8, JsonReaderOptions options)
    {
        if (e.LineNumber is { } line)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
                message = message[..cut];
            return ((int)line + 1, e.BytePositionInLine is { } column ? $"{message} (column {column + 1})" : message);
        }
        try
        {
            if (Build(utf8, options).FirstDuplicate is { } d)
                return (d.Line, $"duplicate property '{d.Path[(d.Path.LastIndexOf('.') + 1)..]}' ({d.Path})");
        }
        catch (JsonException)
        {
            // Not a duplicate after all; fall back to the parser's message.
        }
        return (null, e.Message);
    }

    /// <summary>The first property that repeats a name within its object, if any (JsonDocument reports those without a position).</summary>
    public (string Path, int Line)? FirstDuplicate { get; private set; }

    /// <summary>The line of <paramref name="path"/>, else of its nearest ancestor that exists (a missing property is reported on its object).</summary>
    public int? LineOf(string path)
    {
        while (true)
        {
            if (_lines.TryGetValue(path, out var line))
                return line;
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
                return null;
            path = path[..cut];
        }
    }

    private static List<int> LineStarts(ReadOnlySpan<byte> utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
                starts.Add(i + 1);
        }
        return starts;
    }

    private static int LineOf(List<int> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch((int)offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
