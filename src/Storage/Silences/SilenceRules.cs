namespace Lepton.Monitor.Storage;

/// <summary>
/// Turns a <see cref="SilenceDraft"/> into a valid silence or refuses it with the reason
/// (<see cref="SilenceValidationException"/>, answered 400): known fields only, values that can occur, regexes that
/// compile, a time range that ends in the future and lasts at most <see cref="MaxDuration"/>, a comment and an author,
/// and at least one matcher that narrows the silence below the whole tenant (<see cref="SilenceBreadth"/>).
/// </summary>
public static class SilenceRules
{
    public const int MaxMatchers = 16;
    public const int MaxValueLength = 1_000;
    public const int MaxCommentLength = 2_000;
    public const int MaxCreatedByLength = 200;

    /// <summary>A silence longer than this is an exception that outlived its reason; ask again next year.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(365);

    /// <summary>Validates <paramref name="draft"/> as of <paramref name="now"/> and builds the silence it asks for, named <paramref name="id"/>.</summary>
    /// <param name="jurisdictions">The tenant's enabled jurisdictions, when known: a jurisdiction matcher that covers them all does not narrow.</param>
    public static CompiledSilence Build(SilenceDraft draft, string id, DateTimeOffset now, IReadOnlyList<string>? jurisdictions = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (string.IsNullOrWhiteSpace(draft.Tenant))
            throw new SilenceValidationException("tenant: required");

        var matchers = Matchers(draft.Matchers, draft.Tenant, jurisdictions);

        // Alertmanager's rule: a start in the past is now.
        var startsAt = draft.StartsAt is { } s && s > now ? s : now;
        if (draft.EndsAt is not { } endsAt)
            throw new SilenceValidationException("endsAt: required");
        if (endsAt <= now)
            throw new SilenceValidationException("endsAt: must be in the future");
        if (endsAt <= startsAt)
            throw new SilenceValidationException("endsAt: must be after startsAt");
        if (endsAt - startsAt > MaxDuration)
            throw new SilenceValidationException($"endsAt: a silence may last at most {MaxDuration.TotalDays:0} days");
        if (startsAt - now > MaxDuration)
            throw new SilenceValidationException($"startsAt: at most {MaxDuration.TotalDays:0} days ahead");

        var comment = Required("comment", draft.Comment, MaxCommentLength);
        var createdBy = Required("createdBy", draft.CreatedBy, MaxCreatedByLength);
        var silence = new Silence(id, draft.Tenant, matchers.Select(m => m.Matcher).ToArray(), startsAt, endsAt, createdBy, comment, now, now);
        return new CompiledSilence(silence.At(now));
    }

    private static List<CompiledMatcher> Matchers(IReadOnlyList<SilenceMatcherDraft?>? drafts, string tenant, IReadOnlyList<string>? jurisdictions)
    {
        if (drafts is null || drafts.Count == 0)
            throw new SilenceValidationException($"matchers: none; a silence without matchers would mute every alert of tenant '{tenant}'");
        if (drafts.Count > MaxMatchers)
            throw new SilenceValidationException($"matchers: at most {MaxMatchers}");

        var compiled = new List<CompiledMatcher>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
        {
            var matcher = Matcher(drafts[i], $"matchers[{i}]");
            try
            {
                compiled.Add(CompiledMatcher.Compile(matcher));
            }
            catch (SilenceValidationException e)
            {
                throw new SilenceValidationException($"matchers[{i}]: {e.Message}");
            }
        }

        if (!SilenceBreadth.Narrows(compiled, jurisdictions))
            throw new SilenceValidationException(
                $"matchers: too broad; {string.Join(", ", compiled.Select(m => m.Matcher))} matches every alert of tenant '{tenant}'. " +
                "Add a matcher that leaves some alerts out (e.g. ruleId=\"us-cash-ctr\" or entity=\"…\")");
        return compiled;
    }

    private static SilenceMatcher Matcher(SilenceMatcherDraft? draft, string at)
    {
        if (draft is null)
            throw new SilenceValidationException($"{at}: required");
        if (string.IsNullOrEmpty(draft.Name))
            throw new SilenceValidationException($"{at}.name: required, one of {string.Join('|', SilenceFields.Names)}");
        if (!SilenceFields.IsKnown(draft.Name))
            throw new SilenceValidationException($"{at}.name: '{Cut(draft.Name)}' is not a silence field; use one of {string.Join('|', SilenceFields.Names)}");
        if (draft.Value is null)
            throw new SilenceValidationException($"{at}.value: required");
        if (draft.Value.Length > MaxValueLength)
            throw new SilenceValidationException($"{at}.value: at most {MaxValueLength} characters");

        var matcher = new SilenceMatcher(draft.Name, draft.Value, draft.IsRegex ?? false, draft.IsEqual ?? true);
        if (!matcher.IsRegex)
        {
            // Every alert has a value for each field, so a literal "" matches nothing (=) or everything (!=): a mistake either way.
            if (matcher.Value.Length == 0)
                throw new SilenceValidationException($"{at}.value: required (every alert has a {matcher.Name}; use a regex to match patterns)");
            if (SilenceFields.Domain(matcher.Name) is { } domain && !domain.Contains(matcher.Value, StringComparer.Ordinal))
                throw new SilenceValidationException($"{at}.value: '{Cut(matcher.Value)}' is not a {matcher.Name}; use one of {string.Join('|', domain)}");
        }
        return matcher;
    }

    private static string Required(string name, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new SilenceValidationException($"{name}: required");
        if (value.Length > maxLength)
            throw new SilenceValidationException($"{name}: at most {maxLength} characters");
        return value.Trim();
    }

    private static string Cut(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
