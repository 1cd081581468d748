using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.Integration.Tests.Cli;

/// <summary>The product's command line hands bench, backtest and train to lepton-dev (here the one beside the tests) with their arguments.</summary>
public sealed class DevToolsForwardingTests
{
    [Fact]
    public void Lepton_dev_is_found_beside_the_program()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, DevToolsForwarder.AssemblyFile), DevToolsForwarder.FindInstalled());
        Assert.True(File.Exists(Path.ChangeExtension(DevToolsForwarder.FindInstalled(), ".runtimeconfig.json")));
    }

    [Theory]
    [InlineData(0, "bench", "--help")]
    [InlineData(2, "bench", "--records", "0")]            // lepton-dev's own validation
    [InlineData(2, "backtest", "--recrods", "5")]          // lepton-dev's unknown option
    [InlineData(0, "train", "--help")]
    public async Task A_development_verb_reaches_lepton_dev_and_returns_its_exit_code(int expected, params string[] args)
    {
        Assert.Equal(expected, await LeptonCommandLine.RunAsync(args));
    }
}
