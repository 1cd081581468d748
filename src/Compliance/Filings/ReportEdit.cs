namespace Lepton.Monitor.Compliance.Filings;

/// <summary>
/// The editable parts of a draft (null: unchanged). Subjects and transactions are not editable here: they are the
/// alerts' evidence, and identities are added outside the product by <c>lepton report fill</c>.
/// </summary>
public sealed record ReportEdit
{
    public string? Narrative { get; init; }
    public DateOnly? ActivityFrom { get; init; }
    public DateOnly? ActivityTo { get; init; }
    public string? Currency { get; init; }
    public ReportClassification[]? Classifications { get; init; }
    public string[]? Indicators { get; init; }
    public FilingInstitution? Filer { get; init; }
    public string? PriorFiuReference { get; init; }

    /// <summary>The names of the fields this edit sets (for the audit entry: which fields, not their text).</summary>
    public IReadOnlyList<string> Fields() =>
        new (string Name, object? Value)[]
        {
            ("narrative", Narrative), ("activityFrom", ActivityFrom), ("activityTo", ActivityTo), ("currency", Currency),
            ("classifications", Classifications), ("indicators", Indicators), ("filer", Filer), ("priorFiuReference", PriorFiuReference),
        }.Where(f => f.Value is not null).Select(f => f.Name).ToList();

    /// <summary>The draft with this edit applied, after checking every value. Throws <see cref="ReportRefusalException"/>.</summary>
    public ReportDraft ApplyTo(ReportDraft draft, DateTimeOffset now)
    {
        ReportLifecycle.RequireEditable(draft);
        if (Fields().Count == 0)
            throw Bad("body: no field to change (narrative, activityFrom, activityTo, currency, classifications, indicators, filer, priorFiuReference)");
        if (Narrative is { Length: > NarrativeDrafter.MaxLength })
            throw Bad($"narrative: at most {NarrativeDrafter.MaxLength} characters (FinCEN's five blocks of 4,000)");
        if (Narrative is not null && string.IsNullOrWhiteSpace(Narrative))
            throw Bad("narrative: must not be empty");
        if (Currency is not null && (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper)))
            throw Bad("currency: an ISO 4217 code of three capital letters");
        if (Classifications is not null && Classifications.Any(c => c.TypeId <= 0 || c.SubtypeId <= 0 || string.IsNullOrWhiteSpace(c.Label)))
            throw Bad("classifications: each needs a positive typeId and subtypeId and a label");
        if (Indicators is not null && Indicators.Any(string.IsNullOrWhiteSpace))
            throw Bad("indicators: must not contain blank codes");
        if (PriorFiuReference is { Length: > 100 })
            throw Bad("priorFiuReference: at most 100 characters");
        var content = draft.Content with
        {
            Narrative = Narrative ?? draft.Content.Narrative,
            ActivityFrom = ActivityFrom ?? draft.Content.ActivityFrom,
            ActivityTo = ActivityTo ?? draft.Content.ActivityTo,
            Currency = Currency ?? draft.Content.Currency,
            Classifications = Classifications ?? draft.Content.Classifications,
            Indicators = Indicators ?? draft.Content.Indicators,
            Filer = Filer ?? draft.Content.Filer,
        };
        if (content.ActivityFrom > content.ActivityTo)
            throw Bad("activityFrom: must not be after activityTo");
        return draft with
        {
            Content = content,
            PriorFiuReference = PriorFiuReference ?? draft.PriorFiuReference,
            Version = draft.Version + 1,
            UpdatedAt = now,
        };
    }

    private static ReportRefusalException Bad(string message) => new(ReportRefusalKind.BadInput, message);
}
