using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring.Tests;

/// <summary>A converter that blocks until released: stalls the batching loop inside feature extraction on purpose.</summary>
internal sealed class GatedCurrencyConverter : ICurrencyConverter
{
    private readonly ManualResetEventSlim _gate = new(false);
    private readonly ManualResetEventSlim _entered = new(false);

    public bool WaitUntilEntered(TimeSpan timeout) => _entered.Wait(timeout);

    public void Release() => _gate.Set();

    private int _calls;

    /// <summary>Only the first conversion waits for <see cref="Release"/>: it pins whichever thread makes it.</summary>
    public bool TryConvert(decimal amount, string fromCurrency, string toCurrency, out decimal converted)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            _entered.Set();
            _gate.Wait(TimeSpan.FromSeconds(30));
        }
        return FixedRateCurrencyConverter.Default.TryConvert(amount, fromCurrency, toCurrency, out converted);
    }
}
