namespace Lepton.Monitor.Storage;

/// <summary>A cached key: the SHA-256 of its secret and what it grants.</summary>
internal sealed record ApiKeyEntry(byte[] SecretHash, ApiKeyInfo Info);
