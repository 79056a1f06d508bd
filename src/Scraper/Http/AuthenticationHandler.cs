using System.Net.Http.Headers;
using System.Text;
using MetricsServer.Config;

namespace MetricsServer.Scraper.Http;

/// <summary>
/// Adds the credentials of an <see cref="HttpClientConfig"/> to each request: bearer token, <c>authorization</c>,
/// basic auth and <c>http_headers</c>. Files (<c>bearer_token_file</c>, <c>credentials_file</c>,
/// <c>password_file</c>) are read on every request, as Prometheus does, so rotated tokens take effect at once.
/// </summary>
public sealed class AuthenticationHandler : DelegatingHandler
{
    private readonly HttpClientConfig _config;

    public AuthenticationHandler(HttpClientConfig config, HttpMessageHandler inner) : base(inner) => _config = config;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Apply(request.Headers);
        return base.SendAsync(request, cancellationToken);
    }

    private void Apply(HttpRequestHeaders headers)
    {
        if (_config.HttpHeaders is { } custom)
        {
            foreach (var (name, h) in custom)
            {
                foreach (var v in h.Values) headers.TryAddWithoutValidation(name, v);
                foreach (var s in h.Secrets) headers.TryAddWithoutValidation(name, s.Value);
                foreach (var f in h.Files) headers.TryAddWithoutValidation(name, ReadSecretFile(f));
            }
        }
        if (_config.Authorization is { } auth)
        {
            var credentials = auth.CredentialsFile is { Length: > 0 } file ? ReadSecretFile(file) : auth.Credentials?.Value ?? string.Empty;
            headers.Authorization = new AuthenticationHeaderValue(auth.Type, credentials);
        }
        else if (_config.BearerToken is { } token)
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        }
        else if (_config.BearerTokenFile is { Length: > 0 } tokenFile)
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", ReadSecretFile(tokenFile));
        }
        else if (_config.BasicAuth is { } basic)
        {
            var user = basic.UsernameFile is { Length: > 0 } uf ? ReadSecretFile(uf) : basic.Username ?? string.Empty;
            var password = basic.PasswordFile is { Length: > 0 } pf ? ReadSecretFile(pf) : basic.Password?.Value ?? string.Empty;
            headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        }
    }

    private static string ReadSecretFile(string path) => File.ReadAllText(path).Trim();
}
