namespace Lepton.Monitor.Dashboard.Tests.SignIn;

[CollectionDefinition(Name)]
public sealed class SignInCollection : ICollectionFixture<BoardHost>
{
    public const string Name = "board sign-in";
}
