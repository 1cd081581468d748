using Lepton.Monitor.Dashboard.Apis;

namespace Lepton.Monitor.Dashboard.Auth.Oidc;

/// <summary>The board's "Sign in with SSO" button: a plain link to <c>/auth/login</c>, which starts the code flow.</summary>
public sealed record OidcSignInMethod(string Label) : IBoardSignInMethod
{
    public string Id => "oidc";
    public string Url => "/auth/login";
}
