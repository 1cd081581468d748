namespace Lepton.Monitor.Storage;

/// <summary>A record ready for the writer: its idempotency key and payload, encoded on the caller's thread.</summary>
internal readonly record struct EncodedRecord(string Tenant, string RecordId, byte[] Payload);
