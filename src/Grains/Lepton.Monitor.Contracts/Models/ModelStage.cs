using System.Text.Json.Serialization;

namespace Lepton.Monitor.Contracts;

/// <summary>
/// Where a model version serves for a (tenant, jurisdiction): <c>production</c> scores every record not sent to a
/// canary; <c>canary</c> scores a share of records instead of production (its alerts are real); <c>shadow</c> scores
/// every record beside production, its scores are recorded and compared but raise no alerts; <c>retired</c> serves nothing.
/// </summary>
[JsonConverter(typeof(KebabCaseEnumConverter<ModelStage>))]
public enum ModelStage { Production, Canary, Shadow, Retired }
