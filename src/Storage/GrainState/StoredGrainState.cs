namespace Lepton.Monitor.Storage;

/// <summary>A grain's stored state: its serialized bytes and the etag a later write must name.</summary>
public sealed record StoredGrainState(byte[] Payload, string ETag);
