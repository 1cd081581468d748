using System.Text.Json.Serialization;

namespace Lepton.Monitor.Contracts;

/// <summary>What an upload did: <c>imported</c>, <c>already-present</c> (same id, same bytes), <c>invalid</c> or <c>conflict</c> (same id, other bytes).</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<ModelUploadStatus>))]
public enum ModelUploadStatus { Imported, AlreadyPresent, Invalid, Conflict }

/// <summary>The result of <see cref="IModelCatalogGrain.UploadAsync"/>; <see cref="Reason"/> says why when refused.</summary>
[GenerateSerializer, Immutable, Alias("lepton.model-upload-outcome.v1")]
public sealed record ModelUploadOutcome(
    [property: Id(0)] ModelUploadStatus Status,
    [property: Id(1)] ModelSummary? Model,
    [property: Id(2)] string? Reason);
