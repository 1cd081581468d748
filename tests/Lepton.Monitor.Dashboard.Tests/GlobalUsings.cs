global using Lepton.Monitor.Dashboard.Tests.Browser;
global using Microsoft.Playwright;
