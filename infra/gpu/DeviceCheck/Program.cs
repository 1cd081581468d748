using Lepton.Monitor.DeviceCheck;

// lepton-device-check [--cell-ms N] [--callers N] [--batches 512,4096,65536]: see DeviceCheck and docs/gpu.md.
DeviceCheckOptions options;
try
{
    options = DeviceCheckOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
return await new DeviceCheck(options, Console.Out).RunAsync();
