using System.Text.Json.Serialization;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>Where a silence stands at a given instant: before <c>startsAt</c>, inside [startsAt, endsAt), or after.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<SilenceState>))]
public enum SilenceState
{
    Pending,
    Active,
    Expired,
}
