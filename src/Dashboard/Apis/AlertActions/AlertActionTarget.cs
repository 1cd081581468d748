namespace Lepton.Monitor.Dashboard.Apis.AlertActions;

/// <summary>One alert an action is asked for: its id and the version the caller saw (null: not given, a 400).</summary>
public readonly record struct AlertActionTarget(string? Id, long? Version);
