namespace Lepton.Monitor.DeviceCheck;

/// <summary>What the device check measures and for how long; parsed from <c>--cell-ms N --callers N --batches a,b,c</c>.</summary>
public sealed record DeviceCheckOptions(TimeSpan Cell, int Callers, IReadOnlyList<int> Batches)
{
    public static readonly IReadOnlyList<int> IssueBatches = [512, 4096, 65536];

    /// <exception cref="ArgumentException">An unknown flag or a value that is not a positive number; the message says which.</exception>
    public static DeviceCheckOptions Parse(IReadOnlyList<string> args)
    {
        var cellMs = 1000;
        var callers = 4;
        IReadOnlyList<int> batches = IssueBatches;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--cell-ms": cellMs = Positive("--cell-ms", Value()); break;
                case "--callers": callers = Positive("--callers", Value()); break;
                case "--batches": batches = Value().Split(',').Select(b => Positive("--batches", b)).ToArray(); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}' (use --cell-ms N, --callers N, --batches a,b,c)");
            }
        }
        return new DeviceCheckOptions(TimeSpan.FromMilliseconds(cellMs), callers, batches);
    }

    private static int Positive(string flag, string text) =>
        int.TryParse(text, out var n) && n > 0 ? n : throw new ArgumentException($"{flag} must be a positive whole number, got '{text}'");
}
