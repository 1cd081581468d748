namespace Lepton.Monitor.Scoring;

/// <summary>Outcome of <see cref="ModelRepository.Import"/>: the stored model when there is one, the reason otherwise.</summary>
public sealed record ModelImportResult(ModelImportStatus Status, StoredModel? Model, string? Reason)
{
    public bool Succeeded => Status is ModelImportStatus.Imported or ModelImportStatus.AlreadyPresent;
}
