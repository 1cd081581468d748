namespace Lepton.Monitor.Silo.Load;

/// <summary>The target is not usable for a load run (unreachable, refused the key, the tenant is missing).</summary>
public sealed class LoadTargetException(string message) : Exception(message);
