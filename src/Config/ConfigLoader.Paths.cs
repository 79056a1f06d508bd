namespace MetricsServer.Config;

public static partial class ConfigLoader
{
    /// <summary>Makes every relative file path absolute against the config file's directory, as Prometheus does.</summary>
    private static void ResolvePaths(PrometheusConfig config, string directory)
    {
        string? Join(string? path) =>
            string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(directory, path));

        void Tls(TlsConfig? tls)
        {
            if (tls is null) return;
            tls.CaFile = Join(tls.CaFile);
            tls.CertFile = Join(tls.CertFile);
            tls.KeyFile = Join(tls.KeyFile);
        }

        void Http(HttpClientConfig http)
        {
            http.BearerTokenFile = Join(http.BearerTokenFile);
            Tls(http.TlsConfig);
            if (http.BasicAuth is { } basic)
            {
                basic.UsernameFile = Join(basic.UsernameFile);
                basic.PasswordFile = Join(basic.PasswordFile);
            }
            if (http.Authorization is { } auth) auth.CredentialsFile = Join(auth.CredentialsFile);
            if (http.Oauth2 is { } oauth)
            {
                oauth.ClientSecretFile = Join(oauth.ClientSecretFile);
                Tls(oauth.TlsConfig);
            }
            if (http.HttpHeaders is { } headers)
            {
                foreach (var header in headers.Values)
                {
                    if (header is null) continue;
                    for (var i = 0; i < header.Files.Count; i++) header.Files[i] = Join(header.Files[i])!;
                }
            }
        }

        void Discovery(List<FileSdConfig> files, List<KubernetesSdConfig> kubernetes)
        {
            foreach (var sd in files)
            {
                for (var i = 0; i < sd.Files.Count; i++) sd.Files[i] = Join(sd.Files[i])!;
            }
            foreach (var sd in kubernetes)
            {
                sd.KubeconfigFile = Join(sd.KubeconfigFile);
                Http(sd);
            }
        }

        for (var i = 0; i < config.RuleFiles.Count; i++) config.RuleFiles[i] = Join(config.RuleFiles[i])!;
        for (var i = 0; i < config.ScrapeConfigFiles.Count; i++) config.ScrapeConfigFiles[i] = Join(config.ScrapeConfigFiles[i])!;
        config.Global.QueryLogFile = Join(config.Global.QueryLogFile);
        config.Global.ScrapeFailureLogFile = Join(config.Global.ScrapeFailureLogFile);
        foreach (var scrape in config.ScrapeConfigs)
        {
            Http(scrape);
            scrape.ScrapeFailureLogFile = Join(scrape.ScrapeFailureLogFile);
            Discovery(scrape.FileSdConfigs, scrape.KubernetesSdConfigs);
        }
        foreach (var am in config.Alerting.Alertmanagers)
        {
            Http(am);
            Discovery(am.FileSdConfigs, am.KubernetesSdConfigs);
        }
        foreach (var rw in config.RemoteWrite) Http(rw);
        foreach (var rr in config.RemoteRead) Http(rr);
        if (config.Tracing is { } tracing) Tls(tracing.TlsConfig);
    }
}
