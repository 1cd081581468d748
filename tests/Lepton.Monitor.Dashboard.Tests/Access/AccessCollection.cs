namespace Lepton.Monitor.Dashboard.Tests.Access;

[CollectionDefinition(Name)]
public sealed class AccessCollection : ICollectionFixture<BoardHost>
{
    public const string Name = "board access";
}
