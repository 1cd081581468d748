namespace Lepton.Monitor.Storage;

/// <summary>The roles of PRODUCT.md §6, least privilege first to last.</summary>
public static class ApiKeyRoles
{
    public const string Admin = "admin";
    public const string Analyst = "analyst";
    public const string Ingest = "ingest";
    public const string Integration = "integration";
    /// <summary>An analyst who may also approve regulator reports (four-eyes: never their own).</summary>
    public const string Approver = "approver";

    public static IReadOnlyList<string> All { get; } = [Admin, Analyst, Ingest, Integration, Approver];

    public static bool IsValid(string? role) => role is Admin or Analyst or Ingest or Integration or Approver;
}
