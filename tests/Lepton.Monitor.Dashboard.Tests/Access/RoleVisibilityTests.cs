namespace Lepton.Monitor.Dashboard.Tests.Access;

/// <summary>What the board offers follows the role: an integration key reads alerts but is shown no action.</summary>
[Collection(AccessCollection.Name)]
public sealed class RoleVisibilityTests(BoardHost board)
{
    [Theory]
    [InlineData("integration", false)]
    [InlineData("analyst", true)]
    public async Task An_integration_key_reads_alerts_but_the_board_and_the_detail_show_no_actions(string role, bool acts)
    {
        var tenant = await board.NewTenantAsync("access-role");
        var alert = await board.RaiseCashAlertAsync(tenant, "c-r1");
        var id = alert.Text("id");
        var page = await board.NewPageAsync();
        await page.SignInAsync(await board.NewKeyAsync(role, tenant));

        await Assertions.Expect(page.Alert(id)).ToBeVisibleAsync();
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select alert {id}" })).ToHaveCountAsync(acts ? 1 : 0);

        await page.Page.GotoAsync($"/alerts/{id}");
        await Assertions.Expect(page.Page.Locator("#view")).ToContainTextAsync(alert.Text("ruleId"));
        var acknowledge = page.Page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true });
        if (acts)
        {
            await Assertions.Expect(acknowledge).ToBeVisibleAsync();
        }
        else
        {
            // The detail drew (its history arrived), and still no action is offered.
            await Assertions.Expect(page.Page.GetByRole(AriaRole.Region, new() { Name = "History" })).ToContainTextAsync("raised", new() { IgnoreCase = true });
            await Assertions.Expect(acknowledge).ToHaveCountAsync(0);
            await Assertions.Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true })).ToHaveCountAsync(0);
            await Assertions.Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = "Assign to me", Exact = true })).ToHaveCountAsync(0);
            await page.ScreenshotAsync("access-integration-detail.png");
            // …and the server refuses what the board does not offer.
            var forced = await PageProbe.FetchAsync(page.Page, "POST", $"/v1/alerts/{id}/acknowledge", new { version = alert["version"]!.GetValue<long>() });
            Assert.Equal(403, forced.Status);
        }
        page.AssertClean();
    }

    [Fact]
    public async Task A_script_cannot_reach_another_host_and_a_navigation_there_fails_the_test()
    {
        var page = await board.NewPageAsync();
        await page.Page.GotoAsync("/");

        // The CSP (connect-src 'self') stops a script's request before it leaves the page…
        Assert.Equal("refused", await page.Page.EvaluateAsync<string>("() => fetch('http://telemetry.example/collect').then(() => 'sent', () => 'refused')"));
        Assert.Empty(page.Foreign);
        // …and whatever the CSP does not cover (a navigation) meets the guard, which fails the test.
        await Assert.ThrowsAnyAsync<PlaywrightException>(() => page.Page.GotoAsync("http://telemetry.example/collect"));
        Assert.Contains("http://telemetry.example/collect", page.Foreign);
        Assert.ThrowsAny<Exception>(page.AssertClean);
    }
}
