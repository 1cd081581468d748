namespace Lepton.Monitor.Storage;

/// <summary>
/// A record ready for the writer: its idempotency key and where its payload lies in the request's shared
/// buffer (encoded on the caller's thread), and the hash of its content that tells an identical retry from a
/// different record sent under the same id.
/// </summary>
internal readonly record struct EncodedRecord(string Tenant, string RecordId, int Offset, int Length, long ContentHash);
