namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>The body of every 4xx answer: one reason a person can act on.</summary>
public sealed record ApiError(string Error);
