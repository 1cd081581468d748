namespace Lepton.Monitor.DevTools.Bench;

/// <summary>The stages of the essential work per record (issue 18, item 2), in the order a record goes through them.</summary>
public enum EssentialStage
{
    /// <summary><c>RecordParser</c> + <c>RecordValidator</c>, as ingest does per request.</summary>
    ParseValidate,

    /// <summary>The tenant's <c>Pseudonymizer</c> from the product's registry (HKDF tenant key, token cache).</summary>
    Pseudonymize,

    /// <summary>The scoring service's <c>FeatureExtractor</c> and one ONNX run per batch.</summary>
    FeaturizeScore,

    /// <summary><c>JurisdictionResolver</c>: the packs each record goes to.</summary>
    Route,

    /// <summary>Every pack's <c>RuleEngine</c> with entity windows per (tenant, jurisdiction), as the monitor grains hold them.</summary>
    Rules,
}
