using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lepton.Monitor.Silo.Cli.Progress;

/// <summary>
/// Progress bars with rate and ETA on a terminal (Spectre.Console, drawn on stderr so stdout keeps only results).
/// One live display while any phase runs; each phase is a row (its status, if any, after its name); the display ends
/// with the last phase.
/// </summary>
public sealed class SpectreProgress(IAnsiConsole console) : IWorkProgress
{
    private readonly Lock _gate = new();
    private readonly List<(PhaseCounter Phase, ProgressTask? Task)> _rows = [];
    private Task? _display;

    public IProgressPhase Begin(string phase, long? total = null, string unit = "records")
    {
        var counter = new Phase(this, phase, total, unit);
        lock (_gate)
        {
            _rows.Add((counter, null));
            _display ??= Task.Run(ShowAsync);
        }
        return counter;
    }

    private Task ShowAsync() =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(this),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                while (true)
                {
                    lock (_gate)
                    {
                        for (var i = 0; i < _rows.Count; i++)
                        {
                            var (phase, task) = _rows[i];
                            if (task is null)
                            {
                                task = context.AddTask(Markup.Escape(phase.Name), maxValue: phase.Total ?? 1);
                                task.IsIndeterminate = phase.Total is null;
                                _rows[i] = (phase, task);
                            }
                            task.Value = phase.Total is null ? 0 : Math.Min(phase.Done, phase.Total.Value);
                            if (phase.Status is { } status)
                                task.Description = Markup.Escape(Describe(phase.Name, status, console.Profile.Width));
                            if (phase.Ended)
                            {
                                task.IsIndeterminate = false;
                                task.Value = task.MaxValue;
                                task.StopTask();
                            }
                        }
                        _rows.RemoveAll(r => r.Phase.Ended);
                        if (_rows.Count == 0)
                        {
                            _display = null;
                            return;
                        }
                    }
                    await Task.Delay(100);
                }
            });

    // What the other columns need (a bar of ~20, percentage, rate, elapsed, remaining, spinner, gaps): a description
    // wider than the rest of the line makes Spectre draw the row as "…", so the status is cut to fit, or left out.
    private const int OtherColumnsWidth = 64;
    private const int ShortestStatus = 16;

    /// <summary>The row's text: the phase's name and as much of its status as the console's width leaves room for.</summary>
    internal static string Describe(string name, string status, int consoleWidth)
    {
        var room = consoleWidth - OtherColumnsWidth - name.Length - 2;
        if (room < ShortestStatus)
            return name;
        return status.Length <= room ? $"{name}  {status}" : $"{name}  {status[..(room - 1)]}…";
    }

    private string? UnitOf(ProgressTask task)
    {
        lock (_gate)
            return _rows.FirstOrDefault(r => ReferenceEquals(r.Task, task)).Phase?.Unit;
    }

    private sealed class Phase(SpectreProgress owner, string name, long? total, string unit) : PhaseCounter(name, total, unit)
    {
        // The last phase waits for the display to draw its end, so what the verb prints next comes after the bars.
        protected override void OnEnded()
        {
            Task? display;
            lock (owner._gate)
                display = owner._rows.All(r => r.Phase.Ended) ? owner._display : null;
            display?.Wait(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Units per second of a row (Spectre's own speed column is for bytes).</summary>
    private sealed class RateColumn(SpectreProgress owner) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            task.Speed is { } speed
                ? new Text(FormattableString.Invariant($"{speed:N0} {owner.UnitOf(task) ?? ""}/s"), Style.Plain)
                : new Text("");
    }
}
