using Lepton.Monitor.DevTools;

// `lepton-dev`: the product's verbs plus the development tools (bench, backtest, train) the product image leaves out.
return await DevToolsCommandLine.RunAsync(args);
