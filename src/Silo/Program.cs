using Lepton.Monitor.Silo.Cli;

// The product's single executable: `run` (default) starts the all-in-one silo + ingest + HTTP API.
return await LeptonCommandLine.RunAsync(args);
