using Lepton.Monitor.Ingest;
using Lepton.Monitor.Silo.Hosting;
using Lepton.Monitor.Silo.Hosting.Cluster;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>Starts a process of the given role and runs it to its graceful stop (SIGTERM / Ctrl+C).</summary>
internal static class HostRunner
{
    /// <summary>0 after a graceful stop; 3 when the store or the pseudonymization key cannot be used (one line on stderr).</summary>
    public static async Task<int> RunAsync(string[] args, LeptonRole role)
    {
        WebApplication app;
        try
        {
            app = LeptonHost.Build(args, role);
        }
        catch (Lepton.Monitor.Storage.StoreOpenException e)
        {
            // One line for the operator; the store's message says what is wrong and what to do.
            Console.Error.WriteLine($"lepton: {e.Message}");
            return 3;
        }
        catch (PseudonymKeyException e)
        {
            Console.Error.WriteLine($"lepton: {e.Message}");
            return 3;
        }
        await app.RunAsync();
        return 0;
    }
}
