namespace Lepton.Monitor.DevTools.Bench;

/// <summary>Generated NDJSON cut into one array per record: what a streaming benchmark produces as one message each.</summary>
internal static class NdjsonLines
{
    public static List<byte[]> Split(byte[] ndjson)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= ndjson.Length; i++)
        {
            if (i < ndjson.Length && ndjson[i] != (byte)'\n')
                continue;
            if (i > start)
                lines.Add(ndjson.AsSpan(start, i - start).ToArray());
            start = i + 1;
        }
        return lines;
    }
}
