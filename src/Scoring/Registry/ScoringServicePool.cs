using System.Collections.Concurrent;
using Lepton.Monitor.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// One batching <see cref="OnnxScoringService"/> per model id, created on first use and shared by every caller in the
/// process, so each model version has exactly one InferenceSession and one batching loop however many grains score
/// with it (production and canary side by side). Thread-safe; a failed load is not cached, so a later call retries.
/// </summary>
public sealed class ScoringServicePool : IAsyncDisposable
{
    private readonly Func<string, string?> _resolvePath;
    private readonly ScoringOptions _options;
    private readonly ICurrencyConverter _currency;
    private readonly ILoggerFactory _loggers;
    private readonly ConcurrentDictionary<string, Lazy<OnnxScoringService>> _services = new(StringComparer.Ordinal);
    private int _disposed;

    /// <param name="resolvePath">Model id → .onnx path (card beside it), or null for an unknown id; e.g. <see cref="ModelRepository.GetPath"/>.</param>
    /// <param name="options">Settings for every service; <see cref="ScoringOptions.ModelPath"/> is replaced per model.</param>
    public ScoringServicePool(Func<string, string?> resolvePath, ScoringOptions options, ICurrencyConverter currency, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(resolvePath);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(currency);
        options.Validate();
        _resolvePath = resolvePath;
        _options = options;
        _currency = currency;
        _loggers = loggers ?? NullLoggerFactory.Instance;
    }

    public ScoringServicePool(ModelRepository repository, ScoringOptions options, ICurrencyConverter currency, ILoggerFactory? loggers = null)
        : this(repository.GetPath, options, currency, loggers)
    {
    }

    /// <summary>Ids whose service is loaded now.</summary>
    public IReadOnlyCollection<string> LoadedModelIds =>
        _services.Where(p => p.Value.IsValueCreated).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The shared service of <paramref name="modelId"/>, loading it on first use.</summary>
    /// <exception cref="KeyNotFoundException">No model has that id.</exception>
    /// <exception cref="ModelLoadException">The model's files cannot be served.</exception>
    public IScoringService Get(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var lazy = _services.GetOrAdd(modelId, id => new Lazy<OnnxScoringService>(() => Create(id), LazyThreadSafetyMode.ExecutionAndPublication));
        OnnxScoringService service;
        try
        {
            service = lazy.Value;
        }
        catch
        {
            _services.TryRemove(new KeyValuePair<string, Lazy<OnnxScoringService>>(modelId, lazy)); // let the next call retry
            throw;
        }
        if (Volatile.Read(ref _disposed) != 0)
        {
            // Lost a race with DisposeAsync: make sure this service does not outlive the pool.
            _ = service.DisposeAsync().AsTask();
            throw new ObjectDisposedException(nameof(ScoringServicePool));
        }
        return service;
    }

    /// <summary>Unloads <paramref name="modelId"/> (e.g. a retired version) after its queued work; callers still holding it get <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask<bool> EvictAsync(string modelId)
    {
        if (!_services.TryRemove(modelId, out var lazy))
            return false;
        if (lazy.IsValueCreated)
            await lazy.Value.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Disposes every loaded service (each finishes its queued work first).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        foreach (var id in _services.Keys.ToArray())
            await EvictAsync(id).ConfigureAwait(false);
    }

    private OnnxScoringService Create(string modelId)
    {
        var path = _resolvePath(modelId) ?? throw new KeyNotFoundException($"no model with id '{modelId}'");
        // Models stored before uploads were checked for external data must not make ORT read files beside them either.
        if (ReferencesExternalData(path))
            throw new ModelLoadException(path, $"model '{modelId}' stores tensor data outside its file (external data); it is not served.");
        return new OnnxScoringService(_options.CopyFor(path), _currency, _loggers.CreateLogger<OnnxScoringService>());
    }

    private static bool ReferencesExternalData(string path)
    {
        Lepton.Monitor.Scoring.Onnx.Proto.ModelProto model;
        try
        {
            model = Lepton.Monitor.Scoring.Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return false; // not ONNX at all: ONNX Runtime's load refuses it with its own error
        }
        return OnnxExternalData.FirstExternalTensor(model) is not null || OnnxExternalData.HasUninspectedParts(model);
    }
}
