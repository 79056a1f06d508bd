namespace MetricsServer.Config;

public static partial class ConfigLoader
{
    /// <summary>The checks Prometheus's HTTP client config makes, with its messages.</summary>
    private static void ValidateHttpClient(HttpClientConfig http, LoadContext context, ConfigLocation at)
    {
        http.TlsConfig ??= new TlsConfig();
        var hasBearer = http.BearerToken is not null && http.BearerToken.Value.Length > 0;
        var hasBearerFile = !string.IsNullOrEmpty(http.BearerTokenFile);
        if (hasBearer && hasBearerFile)
        {
            throw context.Error(at.Child("bearer_token_file"), at, "at most one of bearer_token & bearer_token_file must be configured");
        }
        if ((http.BasicAuth is not null || http.Oauth2 is not null) && (hasBearer || hasBearerFile))
        {
            throw context.Error(at.Child(hasBearer ? "bearer_token" : "bearer_token_file"), at,
                "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        }
        if (http.BasicAuth is { } basic)
        {
            var b = at.Child("basic_auth");
            if (!string.IsNullOrEmpty(basic.Username) && !string.IsNullOrEmpty(basic.UsernameFile))
            {
                throw context.Error(b.Child("username_file"), at, "at most one of basic_auth username & username_file must be configured");
            }
            if (basic.Password is not null && basic.Password.Value.Length > 0 && !string.IsNullOrEmpty(basic.PasswordFile))
            {
                throw context.Error(b.Child("password_file"), at, "at most one of basic_auth password & password_file must be configured");
            }
        }
        if (http.Authorization is { } auth)
        {
            var a = at.Child("authorization");
            if (hasBearer || hasBearerFile)
            {
                throw context.Error(a, at, "authorization is not compatible with bearer_token & bearer_token_file");
            }
            if (auth.Credentials is not null && auth.Credentials.Value.Length > 0 && !string.IsNullOrEmpty(auth.CredentialsFile))
            {
                throw context.Error(a.Child("credentials_file"), at, "at most one of authorization credentials & credentials_file must be configured");
            }
            if (string.IsNullOrWhiteSpace(auth.Type)) auth.Type = "Bearer";
            if (auth.Type.Trim().Equals("basic", StringComparison.OrdinalIgnoreCase))
            {
                throw context.Error(a.Child("type"), at, "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            }
        }
        var authCount = (http.BasicAuth is not null ? 1 : 0) + (http.Oauth2 is not null ? 1 : 0) + (http.Authorization is not null ? 1 : 0);
        if (authCount > 1)
        {
            var second = http.Oauth2 is not null ? "oauth2" : "authorization";
            throw context.Error(at.Child(second), at, "at most one of basic_auth, oauth2 & authorization must be configured");
        }
        if (http.Oauth2 is { } oauth)
        {
            var o = at.Child("oauth2");
            oauth.TlsConfig ??= new TlsConfig();
            oauth.Scopes ??= [];
            oauth.EndpointParams ??= [];
            if (string.IsNullOrEmpty(oauth.ClientId)) throw context.Error(o, at, "oauth2 client_id must be configured");
            if (string.IsNullOrEmpty(oauth.TokenUrl)) throw context.Error(o, at, "oauth2 token_url must be configured");
            if (oauth.ClientSecret is not null && oauth.ClientSecret.Value.Length > 0 && !string.IsNullOrEmpty(oauth.ClientSecretFile))
            {
                throw context.Error(o.Child("client_secret_file"), at, "at most one of oauth2 client_secret & client_secret_file must be configured");
            }
            ValidateUrl(oauth.TokenUrl, "token_url", context, o.Child("token_url"), at);
            if (!string.IsNullOrEmpty(oauth.ProxyUrl)) ValidateUrl(oauth.ProxyUrl, "proxy_url", context, o.Child("proxy_url"), at);
            ValidateTls(oauth.TlsConfig, context, o.Child("tls_config"), at);
        }
        if (!string.IsNullOrEmpty(http.ProxyUrl))
        {
            ValidateUrl(http.ProxyUrl, "proxy_url", context, at.Child("proxy_url"), at);
            if (http.ProxyFromEnvironment)
            {
                throw context.Error(at.Child("proxy_from_environment"), at, "if proxy_from_environment is configured, proxy_url must not be configured");
            }
        }
        else
        {
            if (!string.IsNullOrEmpty(http.NoProxy))
            {
                throw context.Error(at.Child("no_proxy"), at, "if no_proxy is configured, proxy_url must also be configured");
            }
            if (http.ProxyConnectHeader is { Count: > 0 })
            {
                throw context.Error(at.Child("proxy_connect_header"), at, "if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured");
            }
        }
        if (http.HttpHeaders is { } headers)
        {
            foreach (var (name, header) in headers)
            {
                if (ReservedHeaders.Contains(name))
                {
                    throw context.Error(at.Child("http_headers").Entry(name), at, $"setting header \"{name}\" is not allowed");
                }
                if (header is not null)
                {
                    header.Values ??= [];
                    header.Secrets ??= [];
                    header.Files ??= [];
                }
            }
        }
        ValidateTls(http.TlsConfig, context, at.Child("tls_config"), at);
    }

    // Headers the HTTP client owns; Prometheus refuses to let http_headers override them.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Host", "Content-Encoding", "Content-Length", "Content-Type", "User-Agent", "Connection",
        "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Www-Authenticate", "Accept-Encoding",
        "X-Prometheus-Remote-Write-Version", "X-Prometheus-Remote-Read-Version", "X-Prometheus-Scrape-Timeout-Seconds",
        "Upgrade", "Trailer", "TE", "Transfer-Encoding",
    };

    private static void ValidateTls(TlsConfig tls, LoadContext context, ConfigLocation at, ConfigLocation scope)
    {
        if (!string.IsNullOrEmpty(tls.Ca) && !string.IsNullOrEmpty(tls.CaFile))
        {
            throw context.Error(at.Child("ca_file"), scope, "at most one of ca and ca_file must be configured");
        }
        if (!string.IsNullOrEmpty(tls.Cert) && !string.IsNullOrEmpty(tls.CertFile))
        {
            throw context.Error(at.Child("cert_file"), scope, "at most one of cert and cert_file must be configured");
        }
        var hasKey = tls.Key is not null && tls.Key.Value.Length > 0;
        if (hasKey && !string.IsNullOrEmpty(tls.KeyFile))
        {
            throw context.Error(at.Child("key_file"), scope, "at most one of key and key_file must be configured");
        }
        var hasCert = !string.IsNullOrEmpty(tls.Cert) || !string.IsNullOrEmpty(tls.CertFile);
        var hasAnyKey = hasKey || !string.IsNullOrEmpty(tls.KeyFile);
        if (hasCert && !hasAnyKey) throw context.Error(at, scope, "exactly one of key or key_file must be configured when a client certificate is configured");
        if (hasAnyKey && !hasCert) throw context.Error(at, scope, "exactly one of cert or cert_file must be configured when a client key is configured");
        foreach (var (field, value) in new[] { ("min_version", tls.MinVersion), ("max_version", tls.MaxVersion) })
        {
            if (!string.IsNullOrEmpty(value) && value is not ("TLS10" or "TLS11" or "TLS12" or "TLS13"))
            {
                throw context.Error(at.Child(field), scope, $"unknown TLS version: {value}");
            }
        }
    }

    private static void ValidateUrl(string url, string field, LoadContext context, ConfigLocation at, ConfigLocation scope)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) && uri.Scheme is "http" or "https")
        {
            throw context.Error(at, scope, $"invalid {field} \"{url}\": not an absolute URL");
        }
    }
}
