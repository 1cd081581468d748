namespace Lepton.Monitor.Dashboard.Tests.Posture;

[CollectionDefinition(Name)]
public sealed class PostureCollection : ICollectionFixture<BoardHost>
{
    public const string Name = "board posture";
}
