using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using MetricsServer.Config;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// How to reach one API server, as a <c>kubernetes_sd_configs</c> entry says: <c>api_server</c> with its TLS and
/// authorization settings, a <c>kubeconfig_file</c>, or — with neither — the pod's service account when running in a
/// cluster, else the default kubeconfig (<c>KUBECONFIG</c>, then <c>~/.kube/config</c>). Entries with the same
/// <see cref="Key"/> share informers. Files (tokens, certificates, kubeconfigs) are read each time a client is
/// made, and tokens on every request, so renewed credentials are picked up.
/// </summary>
internal sealed class KubernetesConnection
{
    private readonly Func<KubernetesClientConfiguration> _configuration;
    private readonly Func<string?>? _authorization;

    private KubernetesConnection(string key, string description, Func<KubernetesClientConfiguration> configuration, Func<string?>? authorization, Func<string> ownNamespace)
    {
        Key = key;
        Description = description;
        _configuration = configuration;
        _authorization = authorization;
        OwnNamespace = ownNamespace;
    }

    /// <summary>Identifies the server and credentials; holds secrets, so it is never logged.</summary>
    public string Key { get; }

    /// <summary>For log lines: the server or the file it came from, without secrets.</summary>
    public string Description { get; }

    /// <summary>The namespace <c>own_namespace</c> means: the pod's, or the kubeconfig context's.</summary>
    public Func<string> OwnNamespace { get; }

    /// <summary>A new client; throws when the configuration cannot be read (the informer logs, counts and retries).</summary>
    public IKubernetes CreateClient()
    {
        var config = _configuration();
        return _authorization is null ? new k8s.Kubernetes(config) : new k8s.Kubernetes(config, new AuthorizationHandler(_authorization));
    }

    public static KubernetesConnection For(KubernetesSdConfig sd, KubernetesEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(sd);
        ArgumentNullException.ThrowIfNull(environment);
        var serviceAccountNamespace = () => ReadTrimmed(Path.Combine(environment.ServiceAccountDirectory, "namespace")) ?? "default";
        if (!string.IsNullOrEmpty(sd.ApiServer)) return ForApiServer(sd, serviceAccountNamespace);
        if (!string.IsNullOrEmpty(sd.KubeconfigFile)) return ForKubeconfig(sd.KubeconfigFile);
        var host = environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        var tokenFile = Path.Combine(environment.ServiceAccountDirectory, "token");
        if (!string.IsNullOrEmpty(host) && !string.IsNullOrEmpty(port) && File.Exists(tokenFile))
        {
            return ForInCluster(host, port, environment.ServiceAccountDirectory, serviceAccountNamespace);
        }
        return ForKubeconfig(DefaultKubeconfig(environment));
    }

    private static KubernetesConnection ForApiServer(KubernetesSdConfig sd, Func<string> ownNamespace)
    {
        var server = sd.ApiServer!;
        var tls = sd.TlsConfig ?? new TlsConfig();
        var key = new StringBuilder("api\u0001").Append(server);
        foreach (var part in new[] { tls.CaFile, tls.Ca, tls.CertFile, tls.Cert, tls.KeyFile, tls.Key?.Value, tls.ServerName, tls.InsecureSkipVerify ? "insecure" : null,
                     sd.Authorization?.Type, sd.Authorization?.Credentials?.Value, sd.Authorization?.CredentialsFile, sd.BearerToken?.Value, sd.BearerTokenFile,
                     sd.BasicAuth?.Username, sd.BasicAuth?.Password?.Value, sd.BasicAuth?.PasswordFile })
        {
            key.Append('\u0001').Append(part);
        }
        Func<string?>? authorization = null;
        if (sd.Authorization is { } auth)
        {
            var scheme = string.IsNullOrEmpty(auth.Type) ? "Bearer" : auth.Type;
            authorization = auth.CredentialsFile is { Length: > 0 } file
                ? () => scheme + " " + File.ReadAllText(file).Trim()
                : auth.Credentials is { } credentials ? () => scheme + " " + credentials.Value : null;
        }
        else if (sd.BearerTokenFile is { Length: > 0 } tokenFile)
        {
            authorization = () => "Bearer " + File.ReadAllText(tokenFile).Trim();
        }
        else if (sd.BearerToken is { } token)
        {
            authorization = () => "Bearer " + token.Value;
        }
        var basic = sd.BasicAuth;
        return new KubernetesConnection(key.ToString(), server, Configure, authorization, ownNamespace);

        KubernetesClientConfiguration Configure()
        {
            var config = new KubernetesClientConfiguration { Host = server, SkipTlsVerify = tls.InsecureSkipVerify };
            if (!string.IsNullOrEmpty(tls.ServerName)) config.TlsServerName = tls.ServerName;
            var caPem = tls.CaFile is { Length: > 0 } caFile ? File.ReadAllText(caFile) : tls.Ca;
            if (!string.IsNullOrEmpty(caPem))
            {
                var certificates = new X509Certificate2Collection();
                certificates.ImportFromPem(caPem);
                config.SslCaCerts = certificates;
            }
            if (tls.CertFile is { Length: > 0 }) config.ClientCertificateFilePath = tls.CertFile;
            if (tls.KeyFile is { Length: > 0 }) config.ClientKeyFilePath = tls.KeyFile;
            if (tls.Cert is { Length: > 0 } cert) config.ClientCertificateData = Convert.ToBase64String(Encoding.UTF8.GetBytes(cert));
            if (tls.Key is { } keyPem) config.ClientCertificateKeyData = Convert.ToBase64String(Encoding.UTF8.GetBytes(keyPem.Value));
            if (basic is not null)
            {
                config.Username = basic.Username ?? string.Empty;
                config.Password = basic.PasswordFile is { Length: > 0 } passwordFile ? File.ReadAllText(passwordFile).Trim() : basic.Password?.Value ?? string.Empty;
            }
            return config;
        }
    }

    private static KubernetesConnection ForKubeconfig(string path)
    {
        // The context's namespace is read with the file, so it follows what the file says when the client is made.
        string? contextNamespace = null;
        return new KubernetesConnection("kubeconfig\u0001" + Path.GetFullPath(path), "kubeconfig " + path, Configure, null, () => contextNamespace ?? ReadContextNamespace());

        KubernetesClientConfiguration Configure()
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
            contextNamespace = string.IsNullOrEmpty(config.Namespace) ? "default" : config.Namespace;
            return config;
        }

        string ReadContextNamespace()
        {
            try
            {
                return Configure().Namespace ?? "default";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException)
            {
                return "default";
            }
        }
    }

    private static KubernetesConnection ForInCluster(string host, string port, string directory, Func<string> ownNamespace)
    {
        var server = "https://" + (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port;
        var tokenFile = Path.Combine(directory, "token");
        var caFile = Path.Combine(directory, "ca.crt");
        return new KubernetesConnection("incluster\u0001" + server + "\u0001" + directory, server + " (in-cluster service account)", Configure,
            () => "Bearer " + File.ReadAllText(tokenFile).Trim(), ownNamespace);

        KubernetesClientConfiguration Configure()
        {
            var config = new KubernetesClientConfiguration { Host = server };
            if (File.Exists(caFile))
            {
                var certificates = new X509Certificate2Collection();
                certificates.ImportFromPemFile(caFile);
                config.SslCaCerts = certificates;
            }
            return config;
        }
    }

    private static string DefaultKubeconfig(KubernetesEnvironment environment)
    {
        var fromEnvironment = environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            // Like kubectl, take the first file of the list that exists.
            foreach (var path in fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (File.Exists(path)) return path;
            }
        }
        return Path.Combine(environment.HomeDirectory, ".kube", "config");
    }

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
