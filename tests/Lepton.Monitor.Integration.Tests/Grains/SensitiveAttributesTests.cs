using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Monitoring;
using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Integration.Tests.Grains;

/// <summary>Which attributes a monitor's fairness watches: a tenant's own list, else the documented default.</summary>
public sealed class SensitiveAttributesTests
{
    [Fact]
    public void Sensitive_attributes_are_configured_per_tenant_with_a_default()
    {
        var options = new SignalOptions { TenantSensitiveAttributes = { ["acme"] = "region, disability", ["quiet"] = "" } };
        Assert.Equal(["ageBand", "gender", "ethnicity"], options.SensitiveAttributesOf("other"));
        Assert.Equal(["region", "disability"], options.SensitiveAttributesOf("acme"));
        Assert.Empty(options.SensitiveAttributesOf("quiet"));

        var card = ModelCard.Load(ModelCard.PathFor(Path.Combine(AppContext.BaseDirectory, "onnx", ScoringOptions.DefaultModelFileName)));
        var columns = DriftReferenceCatalog.Build(card, options.IgnoredFeatures);
        var extractor = new FeatureExtractor(Lepton.Monitor.Rules.CurrencyRates.LoadDefault());
        var records = new SyntheticTransactionGenerator(3).Generate(50)
            .Select(r => r.Record with { Attributes = new Dictionary<string, string> { ["ageBand"] = "18-24", ["region"] = "north", ["shoeSize"] = "44" } })
            .ToArray();
        string[] Watched(string tenant)
        {
            var monitor = new SignalMonitor(options, card.ModelId, columns, extractor, TimeProvider.System, tenant: tenant);
            monitor.Observe(records, [], new HashSet<string>());
            return [.. monitor.Check().Fairness.Attributes.Select(a => a.Attribute)];
        }
        Assert.Equal(["region"], Watched("acme"));
        Assert.Equal(["ageBand"], Watched("other"));
    }
}
