using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Tries providers in order and serves with the first that comes up — e.g. ONNX Runtime's CUDA provider, then the
/// cuBLASLt backend (which only comes up after its parity probe passed here), then ONNX Runtime CPU — logging each one
/// passed over with its reason. It decides only by trying: ONNX Runtime's <c>GetAvailableProviders()</c> is the list the
/// library was compiled with and says nothing about whether this machine has a usable GPU.
/// </summary>
public sealed class ExecutionProviderSelector(ILogger logger)
{
    /// <summary>One span per selection, with an event per rejected provider.</summary>
    public const string SelectActivityName = "scoring.provider.select";

    /// <param name="model">The model's name, for the log lines.</param>
    /// <param name="requested">What was configured: passing over a provider is a warning when it was asked for by name, information under <c>auto</c>.</param>
    /// <exception cref="ScoringDeviceUnavailableException">Every provider was unavailable; the message lists each reason.</exception>
    public ProviderSelection Select(string model, ScoringDevice requested, IReadOnlyList<ProviderAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        if (attempts.Count == 0)
            throw new ArgumentException("at least one provider must be offered", nameof(attempts));

        using var activity = ScoringTelemetry.ActivitySource.StartActivity(SelectActivityName, ActivityKind.Internal);
        activity?.SetTag("lepton.model", model);
        activity?.SetTag("lepton.device.requested", requested.ToString().ToLowerInvariant());
        var rejections = new List<ProviderRejection>();
        var level = requested == ScoringDevice.Auto ? LogLevel.Information : LogLevel.Warning;
        foreach (var attempt in attempts)
        {
            IInferenceBackend backend;
            try
            {
                backend = attempt.Create();
            }
            catch (ProviderUnavailableException e)
            {
                rejections.Add(new ProviderRejection(attempt.Device, e.Message));
                logger.Log(level, "Scoring {Model}: provider {Device} not used ({Reason})", model, attempt.Device, e.Message);
                activity?.AddEvent(new ActivityEvent("provider.rejected", tags: new ActivityTagsCollection
                {
                    ["lepton.device"] = attempt.Device,
                    ["lepton.reason"] = e.Message,
                }));
                continue;
            }
            activity?.SetTag("lepton.device", backend.Device);
            if (rejections.Count > 0)
                logger.LogInformation("Scoring {Model} on {Device} (requested {Requested}; passed over {Rejected})",
                    model, backend.Device, requested.ToString().ToLowerInvariant(), string.Join(", ", rejections.Select(r => r.Device)));
            return new ProviderSelection(backend, rejections);
        }

        activity?.SetStatus(ActivityStatusCode.Error, "no provider available");
        throw new ScoringDeviceUnavailableException(requested,
            $"no provider can serve {model}: {string.Join("; ", rejections.Select(r => $"{r.Device}: {r.Reason}"))}");
    }
}
