namespace Lepton.Monitor.Scoring;

/// <summary>Outcome of <see cref="ModelValidator.Validate"/>: valid with its parsed card, or the first reason it is not.</summary>
public sealed record ModelValidation(bool IsValid, string? Reason, ModelCard? Card)
{
    public static ModelValidation Valid(ModelCard card) => new(true, null, card);

    public static ModelValidation Invalid(string reason) => new(false, reason, null);
}
