namespace Lepton.Monitor.Dashboard.Tests.Reports;

[CollectionDefinition(Name)]
public sealed class ReportsCollection : ICollectionFixture<BoardHost>
{
    public const string Name = "board reports";
}
