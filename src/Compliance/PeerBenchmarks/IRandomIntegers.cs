namespace Lepton.Monitor.Compliance.PeerBenchmarks;

/// <summary>
/// A source of uniform integers, the only randomness the discrete Laplace sampler uses (no floating point anywhere on
/// the path from randomness to the noise, so nothing leaks through low-order bits as it does with Laplace in doubles).
/// </summary>
public interface IRandomIntegers
{
    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>), <paramref name="maxExclusive"/> ≥ 1.</summary>
    long Next(long maxExclusive);
}

/// <summary>Cryptographically secure integers for real releases.</summary>
public sealed class SecureRandomIntegers : IRandomIntegers
{
    public long Next(long maxExclusive) => NextCore(maxExclusive);

    private static long NextCore(long maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        if (maxExclusive <= int.MaxValue)
            return System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, (int)maxExclusive);
        // Rejection sampling on 63-bit values keeps larger bounds exactly uniform.
        Span<byte> bytes = stackalloc byte[8];
        var limit = long.MaxValue - long.MaxValue % maxExclusive;
        while (true)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
            var value = BitConverter.ToInt64(bytes) & long.MaxValue;
            if (value < limit)
                return value % maxExclusive;
        }
    }
}

/// <summary>Seeded, reproducible integers for tests and for replaying a documented example; never for real releases.</summary>
public sealed class SeededRandomIntegers(int seed) : IRandomIntegers
{
    private readonly Random _random = new(seed);

    public long Next(long maxExclusive) => _random.NextInt64(maxExclusive);
}
