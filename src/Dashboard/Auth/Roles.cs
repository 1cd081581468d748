namespace Lepton.Monitor.Dashboard.Auth;

/// <summary>API key roles (PRODUCT.md §6) and the policies that grant least privilege.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Analyst = "analyst";
    public const string Ingest = "ingest";
    public const string Integration = "integration";

    public static readonly string[] All = [Admin, Analyst, Ingest, Integration];

    public static class Policies
    {
        public const string Admin = "lepton:admin";
        public const string WriteRecords = "lepton:records:write";
        public const string ReadAlerts = "lepton:alerts:read";
        public const string ReadTenantData = "lepton:tenant-data:read";
        /// <summary>Triage: admin and analyst act on alerts (integration keys only read).</summary>
        public const string ActOnAlerts = "lepton:alerts:act";
        public const string ManageSilences = "lepton:silences:manage";
        public const string ManageSubscriptions = "lepton:subscriptions:manage";
    }
}
