namespace Lepton.Monitor.Ingest;

/// <summary>Where records came from; every source goes through the same <see cref="IngestService"/> path.</summary>
public enum IngestSource { Http, Kafka, EventHubs, File, Demo }
