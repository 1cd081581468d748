using Lepton.Monitor.Compliance.Filings;
using Lepton.Monitor.Dashboard.Apis;
using Lepton.Monitor.Dashboard.Apis.Reports;
using Lepton.Monitor.Dashboard.Apis.Posture;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Dashboard.Auth.Oidc;
using Lepton.Monitor.Dashboard.Board;
using Lepton.Monitor.Dashboard.Monitoring;
using Lepton.Monitor.Dashboard.Streaming;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;

namespace Lepton.Monitor.Dashboard;

/// <summary>Composition of the HTTP API: authentication, role policies and the /v1 route groups.</summary>
public static class DashboardServiceExtensions
{
    public static IServiceCollection AddLeptonApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddLeptonOidc(configuration);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Policies.WriteRecords, p => p.RequireRole(Roles.Admin, Roles.Ingest))
            .AddPolicy(Roles.Policies.ReadAlerts, p => p.RequireRole(Roles.Admin, Roles.Analyst, Roles.Approver, Roles.Integration))
            .AddPolicy(Roles.Policies.ReadTenantData, p => p.RequireRole(Roles.Admin, Roles.Analyst, Roles.Approver))
            .AddPolicy(Roles.Policies.ActOnAlerts, p => p.RequireRole(Roles.Admin, Roles.Analyst, Roles.Approver))
            .AddPolicy(Roles.Policies.ManageSilences, p => p.RequireRole(Roles.Admin, Roles.Analyst, Roles.Approver))
            .AddPolicy(Roles.Policies.DraftReports, p => p.RequireRole(Roles.Admin, Roles.Analyst, Roles.Approver))
            .AddPolicy(Roles.Policies.ApproveReports, p => p.RequireRole(Roles.Admin, Roles.Approver))
            .AddPolicy(Roles.Policies.ManageSubscriptions, p => p.RequireRole(Roles.Admin, Roles.Integration));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
        services.AddExceptionHandler<BadInputHandler>();
        // A value binding cannot parse (pageSize=abc, an unreadable JSON body) throws instead of answering an empty
        // 400, so BadInputHandler can say which parameter and why.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddHostedService<BootstrapAdminKey>();
        services.AddSingleton<RequestBodyGate>();
        services.AddLeptonFilings();
        services.AddLeptonAlertStream(configuration);
        services.AddOptions<BoardOptions>().Bind(configuration.GetSection(BoardOptions.Section));
        services.AddSingleton<BoardAssets>();
        services.AddLeptonBoardMonitoring(configuration);
        services.AddLeptonPostureAndBenchmarks(configuration);
        return services;
    }

    public static WebApplication UseLeptonApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapLeptonApi(this WebApplication app)
    {
        app.MapHealthApi();
        app.MapBoardPages();
        app.MapLeptonOidc();
        var v1 = app.MapGroup("/v1");
        v1.MapSessionApi();
        v1.MapRecordsApi();
        v1.MapBoardApi();
        v1.MapAlertsApi();
        v1.MapAlertContextApi();
        v1.MapEntitiesApi();
        v1.MapMonitoringApi();
        v1.MapAlertActionsApi();
        v1.MapAlertStreamApi();
        v1.MapSilencesApi();
        v1.MapSubscriptionsApi();
        v1.MapDeadLettersApi();
        v1.MapParkedApi();
        v1.MapAlertOutboxApi();
        v1.MapKeysApi();
        v1.MapTenantsApi();
        v1.MapAuditApi();
        v1.MapModelsApi();
        v1.MapDriftApi();
        v1.MapEventHubsAdminApi();
        v1.MapReportsApi();
        v1.MapPostureApi();
        v1.MapPeerBenchmarksApi();
        v1.MapExportsApi();
        return app;
    }
}
