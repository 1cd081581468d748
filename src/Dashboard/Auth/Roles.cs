namespace Lepton.Monitor.Dashboard.Auth;

/// <summary>API key roles (PRODUCT.md §6) and the policies that grant least privilege.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Analyst = "analyst";
    public const string Ingest = "ingest";
    public const string Integration = "integration";
    /// <summary>An analyst who may also approve regulator reports drafted by someone else.</summary>
    public const string Approver = "approver";

    public static readonly string[] All = [Admin, Analyst, Ingest, Integration, Approver];

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
        /// <summary>Regulator reports: admin, analyst and approver read, draft, edit, submit and file them.</summary>
        public const string DraftReports = "lepton:reports:draft";
        /// <summary>Approving (or returning) a report in review: admin and approver only.</summary>
        public const string ApproveReports = "lepton:reports:approve";
    }
}
