using Lepton.Monitor.Compliance.Filings;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Integration.Tests;

/// <summary>A report draft of one tenant written straight to the store, for the tenant isolation table.</summary>
internal static class ReportIsolation
{
    public static async Task<string> StoreDraftAsync(LeptonTestHost host, string tenant, string alertId, string entity)
    {
        var now = DateTimeOffset.UtcNow;
        var draft = new ReportDraft
        {
            Id = SortableId.New(IReportDraftStore.IdPrefix, now),
            Tenant = tenant,
            Type = ReportType.FincenSar,
            Author = "key-of-" + tenant,
            CreatedAt = now,
            UpdatedAt = now,
            AlertIds = [alertId],
            Entity = entity,
            Content = new ReportContent
            {
                Narrative = "secret-a-narrative",
                ActivityFrom = DateOnly.FromDateTime(now.UtcDateTime),
                ActivityTo = DateOnly.FromDateTime(now.UtcDateTime),
                Currency = "USD",
                Classifications = [],
                Subjects = [new ReportParty(entity, [], "US")],
                Transactions = [],
            },
        };
        await host.App.Services.GetRequiredService<IReportDraftStore>().InsertAsync(
            new StoredReportDraft(draft.Id, tenant, ReportNames.Of(draft.Type), ReportNames.Of(draft.Status), 1, now, null, ReportJson.Serialize(draft)),
            new AuditEvent("test", tenant, ReportDraftService.CreatedAction, draft.Id));
        return draft.Id;
    }
}
