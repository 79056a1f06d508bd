namespace MetricsServer.Config;

/// <summary>
/// The HTTP client settings that Prometheus inlines into scrape, discovery, alerting and remote configs.
/// Sections that take them derive from this class, so its fields sit at their level in the YAML.
/// </summary>
public class HttpClientConfig
{
    public BasicAuthConfig? BasicAuth { get; set; }
    public AuthorizationConfig? Authorization { get; set; }
    public OAuth2Config? Oauth2 { get; set; }
    public Secret? BearerToken { get; set; }
    public string? BearerTokenFile { get; set; }
    public TlsConfig TlsConfig { get; set; } = new();
    public string? ProxyUrl { get; set; }
    public string? NoProxy { get; set; }
    public bool ProxyFromEnvironment { get; set; }
    public Dictionary<string, List<Secret>>? ProxyConnectHeader { get; set; }
    public bool FollowRedirects { get; set; } = true;
    public bool EnableHttp2 { get; set; } = true;
    public Dictionary<string, HttpHeaderConfig>? HttpHeaders { get; set; }
}

public sealed class BasicAuthConfig
{
    public string? Username { get; set; }
    public string? UsernameFile { get; set; }
    public Secret? Password { get; set; }
    public string? PasswordFile { get; set; }
}

public sealed class AuthorizationConfig
{
    /// <summary>The scheme; Prometheus defaults it to <c>Bearer</c>.</summary>
    public string Type { get; set; } = "Bearer";
    public Secret? Credentials { get; set; }
    public string? CredentialsFile { get; set; }
}

public sealed class OAuth2Config
{
    public string? ClientId { get; set; }
    public Secret? ClientSecret { get; set; }
    public string? ClientSecretFile { get; set; }
    public List<string> Scopes { get; set; } = [];
    public string? TokenUrl { get; set; }
    public Dictionary<string, string> EndpointParams { get; set; } = [];
    public TlsConfig TlsConfig { get; set; } = new();
    public string? ProxyUrl { get; set; }
}

public sealed class TlsConfig
{
    public string? CaFile { get; set; }
    public string? Ca { get; set; }
    public string? CertFile { get; set; }
    public string? Cert { get; set; }
    public string? KeyFile { get; set; }
    public Secret? Key { get; set; }
    public string? ServerName { get; set; }
    public bool InsecureSkipVerify { get; set; }
    /// <summary>TLS10, TLS11, TLS12 or TLS13; empty means the runtime's default.</summary>
    public string? MinVersion { get; set; }
    public string? MaxVersion { get; set; }
}

/// <summary>One entry of <c>http_headers</c>: plain values, secret values, or files holding values.</summary>
public sealed class HttpHeaderConfig
{
    public List<string> Values { get; set; } = [];
    public List<Secret> Secrets { get; set; } = [];
    public List<string> Files { get; set; } = [];
}
