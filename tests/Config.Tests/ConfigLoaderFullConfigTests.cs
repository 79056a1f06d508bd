namespace MetricsServer.Config.Tests;

/// <summary>Every scrape_config field of configuration.md, read from <see cref="ConfigPrinterTests.FullConfig"/>.</summary>
public class ConfigLoaderFullConfigTests
{
    private readonly PrometheusConfig _config = ConfigLoader.Load(ConfigPrinterTests.FullConfig, null);

    [Fact]
    public void Load_FullConfig_ReadsGlobal()
    {
        var g = _config.Global;
        Assert.Equal(TimeSpan.FromSeconds(30), g.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), g.ScrapeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), g.EvaluationInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), g.RuleQueryOffset);
        Assert.Equal("prod-eu-1", g.ExternalLabels["cluster"]);
        Assert.Equal(100L << 20, g.BodySizeLimit);
        Assert.Equal(50000, g.SampleLimit);
        Assert.Equal(2048, g.LabelValueLengthLimit);
        Assert.Equal(100, g.KeepDroppedTargets);
    }

    [Fact]
    public void Load_FullConfig_ReadsEveryScrapeField()
    {
        var s = _config.ScrapeConfigs[0];
        Assert.Equal("node", s.JobName);
        Assert.Equal(TimeSpan.FromMinutes(1), s.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), s.ScrapeTimeout);
        Assert.Equal(["PrometheusProto", "OpenMetricsText1.0.0"], s.ScrapeProtocols);
        Assert.Equal("PrometheusText0.0.4", s.FallbackScrapeProtocol);
        Assert.True(s.AlwaysScrapeClassicHistograms);
        Assert.True(s.ConvertClassicHistogramsToNhcb);
        Assert.Equal("/probe", s.MetricsPath);
        Assert.True(s.HonorLabels);
        Assert.False(s.HonorTimestamps);
        Assert.True(s.TrackTimestampsStaleness);
        Assert.Equal("https", s.Scheme);
        Assert.Equal(["example.com", "example.org"], s.Params["target"]);
        Assert.False(s.EnableCompression);
        Assert.Equal("scraper", s.BasicAuth!.Username);
        Assert.Equal("BASIC-PASSWORD-VALUE", s.BasicAuth.Password!.Value);
        Assert.False(s.FollowRedirects);
        Assert.False(s.EnableHttp2);
        Assert.Equal("/etc/prometheus/ca.crt", s.TlsConfig.CaFile);
        Assert.Equal("/etc/prometheus/client.key", s.TlsConfig.KeyFile);
        Assert.Equal("node.example.com", s.TlsConfig.ServerName);
        Assert.True(s.TlsConfig.InsecureSkipVerify);
        Assert.Equal("TLS12", s.TlsConfig.MinVersion);
        Assert.Equal("TLS13", s.TlsConfig.MaxVersion);
        Assert.Equal("http://proxy.internal:3128", s.ProxyUrl);
        Assert.Equal("localhost,10.0.0.0/8", s.NoProxy);
        Assert.Equal("PROXY-HEADER-SECRET", s.ProxyConnectHeader!["Proxy-Token"][0].Value);
        Assert.Equal(["tenant-1"], s.HttpHeaders!["X-Scope-OrgID"].Values);
        Assert.Equal("HTTP-HEADER-SECRET", s.HttpHeaders["X-Api-Key"].Secrets[0].Value);
        Assert.Equal(["node-1:9100", "node-2:9100"], s.StaticConfigs[0].Targets);
        Assert.Equal("r1", s.StaticConfigs[0].Labels["rack"]);
        Assert.Equal(TimeSpan.FromMinutes(2), s.FileSdConfigs[0].RefreshInterval);
        Assert.Equal(2, s.FileSdConfigs[0].Files.Count);
        var k = s.KubernetesSdConfigs[0];
        Assert.Equal("endpointslice", k.Role);
        Assert.Equal("https://kubernetes.default.svc:443", k.ApiServer);
        Assert.Equal("Bearer", k.Authorization!.Type);
        Assert.True(k.Namespaces.OwnNamespace);
        Assert.Equal(["monitoring", "default"], k.Namespaces.Names);
        Assert.Equal("metadata.name=node-exporter", k.Selectors[1].Field);
        Assert.True(k.AttachMetadata.Node);
        Assert.Equal(7, s.RelabelConfigs.Count);
        Assert.Equal("/", s.RelabelConfigs[3].Separator);
        Assert.Equal("${1}", s.RelabelConfigs[3].Replacement);
        Assert.Equal(8UL, s.RelabelConfigs[4].Modulus);
        Assert.Equal(RelabelAction.Lowercase, s.MetricRelabelConfigs[1].Action);
        Assert.Equal(10L << 20, s.BodySizeLimit);
        Assert.Equal(1000, s.SampleLimit);
        Assert.Equal(30, s.LabelLimit);
        Assert.Equal(64, s.LabelNameLengthLimit);
        Assert.Equal(256, s.LabelValueLengthLimit);
        Assert.Equal(50, s.TargetLimit);
        Assert.Equal(10, s.KeepDroppedTargets);
        Assert.Equal("legacy", s.MetricNameValidationScheme);
        Assert.Equal("underscores", s.MetricNameEscapingScheme);
        Assert.Equal(160, s.NativeHistogramBucketLimit);
        Assert.Equal(1.1, s.NativeHistogramMinBucketFactor);
        Assert.Equal("/var/log/prometheus/scrape-failures.log", s.ScrapeFailureLogFile);
    }

    [Fact]
    public void Load_FullConfig_ReadsAuthVariantsAndOtherSections()
    {
        Assert.Equal("https://auth.example.com/token", _config.ScrapeConfigs[1].Oauth2!.TokenUrl);
        Assert.Equal("metrics", _config.ScrapeConfigs[1].Oauth2!.EndpointParams["audience"]);
        Assert.Equal("BEARER-TOKEN-VALUE", _config.ScrapeConfigs[2].BearerToken!.Value);
        Assert.Equal("TLS-PRIVATE-KEY-VALUE", _config.ScrapeConfigs[3].TlsConfig.Key!.Value);
        Assert.Equal("/alertmanager", _config.Alerting.Alertmanagers[0].PathPrefix);
        Assert.Equal(TimeSpan.FromSeconds(5), _config.Alerting.Alertmanagers[0].Timeout);
        var rw = _config.RemoteWrite[0];
        Assert.Equal("mimir", rw.Name);
        Assert.Equal(TimeSpan.FromMilliseconds(50), rw.QueueConfig.MinBackoff);
        Assert.Equal(20000, rw.QueueConfig.Capacity);
        Assert.Equal(TimeSpan.FromMinutes(2), rw.MetadataConfig.SendInterval);
        Assert.True(_config.RemoteRead[0].ReadRecent);
        Assert.Equal(TimeSpan.FromMinutes(30), _config.Storage!.Tsdb!.OutOfOrderTimeWindow);
        Assert.Equal(200000, _config.Storage.Exemplars!.MaxExemplars);
        Assert.Equal(0.1, _config.Tracing!.SamplingFraction);
    }
}
