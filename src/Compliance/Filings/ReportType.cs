using System.Text.Json.Serialization;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Compliance.Filings;

/// <summary>
/// The regulator formats a draft can become: <c>fincen-sar</c> and <c>fincen-ctr</c> (BSA E-Filing XML batches),
/// <c>goaml-str</c> and <c>goaml-ctr</c> (goAML 5.x <c>report</c>).
/// </summary>
[JsonConverter(typeof(KebabCaseEnumConverter<ReportType>))]
public enum ReportType { FincenSar, FincenCtr, GoamlStr, GoamlCtr }

/// <summary>draft → ready-for-review → approved (by someone else than the author) → filed.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<ReportStatus>))]
public enum ReportStatus { Draft, ReadyForReview, Approved, Filed }

/// <summary>Wire names of the two enums (as the API and the store spell them).</summary>
public static class ReportNames
{
    public static string Of(ReportType type) => type switch
    {
        ReportType.FincenSar => "fincen-sar",
        ReportType.FincenCtr => "fincen-ctr",
        ReportType.GoamlStr => "goaml-str",
        _ => "goaml-ctr",
    };

    public static string Of(ReportStatus status) => status switch
    {
        ReportStatus.Draft => "draft",
        ReportStatus.ReadyForReview => "ready-for-review",
        ReportStatus.Approved => "approved",
        _ => "filed",
    };

    public static bool TryParseType(string? text, out ReportType type)
    {
        foreach (var candidate in Enum.GetValues<ReportType>())
        {
            if (Of(candidate) == text)
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }

    public static bool TryParseStatus(string? text, out ReportStatus status)
    {
        foreach (var candidate in Enum.GetValues<ReportStatus>())
        {
            if (Of(candidate) == text)
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    public static bool IsFincen(this ReportType type) => type is ReportType.FincenSar or ReportType.FincenCtr;
}
