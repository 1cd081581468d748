using System.CommandLine;
using Lepton.Monitor.Storage.Postgres;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`--Lepton:Store` and `--Lepton:Postgres:ConnectionString` for the verbs that open a store themselves.</summary>
public static class StoreOptions
{
    public static Option<string> Store()
    {
        var option = new Option<string>("--" + LeptonStoreSelection.StoreKey) { Description = "embedded (default) or postgres", HelpName = "embedded|postgres" };
        option.Validators.Add(result =>
        {
            try
            {
                LeptonStoreSelection.Parse(result.GetValueOrDefault<string>());
            }
            catch (ArgumentException e)
            {
                result.AddError("--" + e.Message);
            }
        });
        option.CompletionSources.Add("embedded", "postgres");
        return option;
    }

    public static Option<string> ConnectionString() =>
        new("--" + LeptonStoreSelection.ConnectionStringKey) { Description = "the PostgreSQL connection string (with --Lepton:Store postgres)", HelpName = "CS" };
}
