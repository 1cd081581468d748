namespace Lepton.Monitor.Dashboard.Tests.Detail;

[CollectionDefinition(Name)]
public sealed class DetailCollection : ICollectionFixture<BoardHost>
{
    public const string Name = "board alert detail";
}
