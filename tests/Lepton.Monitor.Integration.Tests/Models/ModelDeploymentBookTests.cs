using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Models;

namespace Lepton.Monitor.Integration.Tests.Models;

public sealed class ModelDeploymentBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly ModelDeployments Start = ModelDeploymentBook.Initial("acme", "US", "mlp-1", T0);

    private static ModelStageChange To(string id, ModelStage stage, double share = 0) => new(id, stage, share, "tester");

    [Fact]
    public void Promotion_keeps_the_old_production_for_rollback_and_clears_the_new_one_from_other_stages()
    {
        var shadowed = ModelDeploymentBook.Apply(Start, To("gbdt-1", ModelStage.Shadow), T0);
        var promoted = ModelDeploymentBook.Apply(shadowed, To("gbdt-1", ModelStage.Production), T0);

        Assert.Equal("gbdt-1", promoted.Production.ModelId);
        Assert.Empty(promoted.Shadows);
        Assert.Equal("mlp-1", Assert.Single(promoted.History).ModelId);
        Assert.Equal(2, promoted.Revision);

        var rolledBack = ModelDeploymentBook.Rollback(promoted, "tester", T0);
        Assert.Equal("mlp-1", rolledBack.Production.ModelId);
        Assert.Equal(ModelStage.Production, rolledBack.Production.Stage);
        Assert.Empty(rolledBack.History);
        Assert.Equal(3, rolledBack.Revision);
    }

    [Fact]
    public void Rollback_without_history_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ModelDeploymentBook.Rollback(Start, "tester", T0));
        Assert.Contains("no earlier production model", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_canary_needs_a_share_strictly_between_zero_and_one(double share)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelDeploymentBook.Apply(Start, To("gbdt-1", ModelStage.Canary, share), T0));
        Assert.Contains("canaryShare", e.Message);
    }

    [Fact]
    public void A_new_canary_replaces_the_old_one_and_a_shadow_moving_to_canary_leaves_the_shadows()
    {
        var d = ModelDeploymentBook.Apply(Start, To("a", ModelStage.Canary, 0.1), T0);
        d = ModelDeploymentBook.Apply(d, To("b", ModelStage.Shadow), T0);
        d = ModelDeploymentBook.Apply(d, To("b", ModelStage.Canary, 0.2), T0);

        Assert.Equal("b", d.Canary!.ModelId);
        Assert.Equal(0.2, d.Canary.CanaryShare);
        Assert.Empty(d.Shadows);
    }

    [Fact]
    public void The_production_model_cannot_be_shadowed_canaried_retired_or_promoted_again()
    {
        Assert.Contains("already the production model", Assert.Throws<ArgumentException>(() => ModelDeploymentBook.Apply(Start, To("mlp-1", ModelStage.Production), T0)).Message);
        Assert.Throws<ArgumentException>(() => ModelDeploymentBook.Apply(Start, To("mlp-1", ModelStage.Shadow), T0));
        Assert.Throws<ArgumentException>(() => ModelDeploymentBook.Apply(Start, To("mlp-1", ModelStage.Canary, 0.5), T0));
        Assert.Throws<ArgumentException>(() => ModelDeploymentBook.Apply(Start, To("mlp-1", ModelStage.Retired), T0));
    }

    [Fact]
    public void Retiring_removes_a_shadow_and_retiring_an_undeployed_model_is_refused()
    {
        var d = ModelDeploymentBook.Apply(Start, To("s", ModelStage.Shadow), T0);
        d = ModelDeploymentBook.Apply(d, To("s", ModelStage.Retired), T0);
        Assert.Empty(d.Shadows);
        Assert.Contains("not deployed", Assert.Throws<ArgumentException>(() => ModelDeploymentBook.Apply(d, To("s", ModelStage.Retired), T0)).Message);
    }

    [Fact]
    public void Shadows_are_bounded()
    {
        var d = Start;
        for (var i = 0; i < ModelDeploymentBook.MaxShadows; i++)
            d = ModelDeploymentBook.Apply(d, To($"s{i}", ModelStage.Shadow), T0);
        Assert.Throws<ArgumentException>(() => ModelDeploymentBook.Apply(d, To("one-too-many", ModelStage.Shadow), T0));
        Assert.Equal(ModelDeploymentBook.MaxShadows + 1, ModelDeploymentBook.ServedModelIds(d).Count());
    }
}
