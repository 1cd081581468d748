namespace Lepton.Monitor.Ingest.Tests;

public class PseudonymizerRegistryTests
{
    private static readonly byte[] Master = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void One_instance_per_tenant_even_under_concurrency()
    {
        using var registry = PseudonymizerRegistry.FromMasterKey(Master);
        var seen = new Pseudonymizer[64];

        Parallel.For(0, seen.Length, i => seen[i] = registry.For("acme"));

        Assert.All(seen, p => Assert.Same(seen[0], p));
        Assert.Equal("acme", seen[0].Tenant);
        Assert.NotSame(seen[0], registry.For("globex"));
    }

    [Fact]
    public void Derived_keys_separate_tenants_and_are_stable()
    {
        using var first = PseudonymizerRegistry.FromMasterKey(Master);
        using var second = PseudonymizerRegistry.FromMasterKey(Master);
        using var otherMaster = PseudonymizerRegistry.FromMasterKey(Master.Reverse().ToArray());

        Assert.Equal(first.For("acme").Token("alice"), second.For("acme").Token("alice"));
        Assert.NotEqual(first.For("acme").Token("alice"), first.For("globex").Token("alice"));
        Assert.NotEqual(first.For("acme").Token("alice"), otherMaster.For("acme").Token("alice"));
        Assert.Equal(32, PseudonymizerRegistry.DeriveTenantKey(Master, "acme").Length);
    }

    [Fact]
    public void Key_callback_is_asked_once_per_tenant()
    {
        var asked = new List<string>();
        using var registry = new PseudonymizerRegistry(tenant =>
        {
            lock (asked)
                asked.Add(tenant);
            return PseudonymizerRegistry.DeriveTenantKey(Master, tenant);
        });

        registry.For("acme");
        registry.For("acme");
        registry.For("globex");

        Assert.Equal(["acme", "globex"], asked);
    }

    [Fact]
    public void Short_master_keys_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PseudonymizerRegistry.FromMasterKey(new byte[8]));
    }
}
