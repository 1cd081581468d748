namespace Lepton.Monitor.Dashboard.Tests.Access;

/// <summary>The whole HTTP surface, asked without a key: nothing but the board's files, health and its config is open.</summary>
[Collection(AccessCollection.Name)]
public sealed class AnonymousAccessTests(BoardHost board)
{
    [Fact]
    public void Only_the_routes_anonymous_by_design_are_anonymous()
    {
        var anonymous = EndpointSweep.Endpoints(board.Host).Where(e => e.Anonymous).Select(e => $"{e.Method} {e.Pattern}").Order().ToArray();

        Assert.Equal(EndpointSweep.AnonymousByDesign.Order(), anonymous);
        Assert.True(EndpointSweep.Endpoints(board.Host).Count(e => !e.Anonymous && e.Pattern.StartsWith("/v1/")) > 30);
    }

    [Fact]
    public async Task Every_other_route_answers_401_JSON_without_a_key()
    {
        Assert.Empty(await EndpointSweep.ProtectedAnswersAsync(board.Host));
    }
}
