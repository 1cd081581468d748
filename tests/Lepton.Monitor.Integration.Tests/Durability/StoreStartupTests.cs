namespace Lepton.Monitor.Integration.Tests.Durability;

/// <summary>
/// A store that cannot be used stops the real executable at start with one clear message and a non-zero exit code
/// (no abort, no stack trace, no "task was canceled"); an emptied database file is never silently replaced by a new store.
/// </summary>
public sealed class StoreStartupTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_corrupt_store_stops_the_start_with_one_message_naming_the_file()
    {
        using var data = new TempFolder();
        var db = Path.Combine(data.Path, "lepton.db");
        // A SQLite header followed by garbage: what a torn copy or a disk fault leaves.
        var bytes = new byte[64 * 1024];
        new Random(7).NextBytes(bytes);
        "SQLite format 3\0"u8.CopyTo(bytes);
        await File.WriteAllBytesAsync(db, bytes);

        using var child = LeptonProcess.Start(data.Path);
        var exit = await child.WaitForExitAsync(ExitTimeout);

        AssertOneClearFailure(exit, child.Output, db, "cannot be used");
        Assert.Equal(bytes, await File.ReadAllBytesAsync(db)); // left as found, for the operator to inspect or restore
    }

    [Fact]
    public async Task An_empty_database_file_is_refused_unless_a_new_store_is_asked_for()
    {
        using var data = new TempFolder();
        var db = Path.Combine(data.Path, "lepton.db");
        await File.WriteAllBytesAsync(db, []);

        using (var refused = LeptonProcess.Start(data.Path))
        {
            var exit = await refused.WaitForExitAsync(ExitTimeout);
            AssertOneClearFailure(exit, refused.Output, db, "empty file (0 bytes)");
            Assert.Contains("--Lepton:Store:CreateIfEmpty true", refused.Output);
            Assert.Equal(0, new FileInfo(db).Length);
        }

        using var created = LeptonProcess.Start(data.Path, "--Lepton:Store:CreateIfEmpty", "true");
        using var admin = created.AdminClient();
        await created.WaitReadyAsync(admin);
        Assert.True(new FileInfo(db).Length > 0);
        await created.KillAsync();
    }

    private static void AssertOneClearFailure(int exitCode, string output, string databasePath, string reason)
    {
        Assert.NotEqual(0, exitCode);
        Assert.NotEqual(134, exitCode); // SIGABRT: an unhandled exception
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines); // one message, not a log of stack traces
        Assert.StartsWith("lepton: ", line);
        Assert.Contains(databasePath, line);
        Assert.Contains(reason, line);
        Assert.DoesNotContain("canceled", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", output);
    }
}
