namespace Lepton.Monitor.Scoring;

/// <summary>What <see cref="ModelRepository.Import"/> did (maps to HTTP 201 / 200 / 400 / 409).</summary>
public enum ModelImportStatus
{
    /// <summary>Validated and stored.</summary>
    Imported,

    /// <summary>The same id with the same bytes was already there; nothing changed.</summary>
    AlreadyPresent,

    /// <summary>Refused by <see cref="ModelValidator"/>; nothing changed.</summary>
    Invalid,

    /// <summary>The id exists with different bytes; ids are immutable, publish a new version instead.</summary>
    Conflict,
}
