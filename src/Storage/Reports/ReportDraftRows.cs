namespace Lepton.Monitor.Storage;

/// <summary>What the SQLite and PostgreSQL report draft stores share.</summary>
internal static class ReportDraftRows
{
    public static Page<StoredReportDraft> ToPage(List<StoredReportDraft> rows, int pageSize)
    {
        string? next = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = Paging.EncodeCursor(rows[^1].Id);
        }
        return new Page<StoredReportDraft>(rows, next);
    }
}
