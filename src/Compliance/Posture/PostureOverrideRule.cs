namespace Lepton.Monitor.Compliance.Posture;

/// <summary>Checks a new override and decides whether a stored one applies to a computed class at a given time.</summary>
public static class PostureOverrideRule
{
    public const int MinReasonLength = 10;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);

    public static IReadOnlyList<string> Validate(RiskClass computed, RiskClass to, string? reason, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(to))
            errors.Add("toClass: one of low, medium, substantial, high");
        else if (Math.Abs((int)to - (int)computed) != 1)
            errors.Add($"toClass: an override moves the computed class ({Name(computed)}) by exactly one class, not to {Name(to)}");
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < MinReasonLength)
            errors.Add($"reason: required, at least {MinReasonLength} characters saying why");
        if (expiresAt <= now)
            errors.Add("expiresAt: must be in the future");
        else if (expiresAt - now > MaxDuration)
            errors.Add($"expiresAt: at most {MaxDuration.TotalDays:0} days ahead (overrides are reviewed, not permanent)");
        return errors;
    }

    /// <summary>The newest override that is unexpired and was set against the class computed now, or null.</summary>
    public static PostureOverride? Applicable(IEnumerable<PostureOverride> overrides, RiskClass computed, DateTimeOffset now) =>
        overrides.Where(o => o.ExpiresAt > now && o.FromClass == computed && Math.Abs((int)o.ToClass - (int)computed) == 1)
            .OrderByDescending(o => o.CreatedAt)
            .FirstOrDefault();

    public static string Name(RiskClass c) => c.ToString().ToLowerInvariant();
}
