namespace MetricsServer.Config.Tests;

public class ConfigLoaderTests
{
    private const string File = "prometheus.yml";

    public static TheoryData<string, string, int, string> BadConfigs => new()
    {
        // name, yaml, expected line, text the message must contain (field or job)
        {
            "unknown field",
            "scrape_configs:\n  - job_name: node\n    scrape_intervall: 5s\n",
            3, "field scrape_intervall not found in type config.ScrapeConfig"
        },
        {
            "unknown top-level field",
            "global:\n  scrape_interval: 15s\nscrape_config:\n  - job_name: x\n",
            3, "field scrape_config not found in type config.Config"
        },
        {
            "bad duration",
            "global:\n  scrape_interval: 5x\n",
            2, "global.scrape_interval: not a valid duration string: \"5x\""
        },
        {
            "bad regex",
            "scrape_configs:\n  - job_name: node\n    relabel_configs:\n      - source_labels: [a]\n        regex: \"(foo\"\n        target_label: b\n",
            5, "scrape_configs[0] (job \"node\").relabel_configs[0]: invalid regex \"(foo\""
        },
        {
            "duplicate job",
            "scrape_configs:\n  - job_name: node\n  - job_name: node\n",
            3, "found multiple scrape configs with job name \"node\""
        },
        {
            "timeout greater than interval",
            "scrape_configs:\n  - job_name: node\n    scrape_interval: 5s\n    scrape_timeout: 10s\n",
            4, "scrape_configs[0] (job \"node\"): scrape timeout greater than scrape interval"
        },
        {
            "bad action",
            "scrape_configs:\n  - job_name: node\n    relabel_configs:\n      - action: replac\n",
            4, "unknown relabel action \"replac\""
        },
        {
            "bad static label name",
            "scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: [a:1]\n        labels:\n          0bad: x\n",
            6, "\"0bad\" is not a valid label name"
        },
        {
            "bad external label name",
            "global:\n  external_labels:\n    cluster: a\n    bad-name: b\n",
            4, "\"bad-name\" is not a valid label name"
        },
        {
            "bad target",
            "scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: [\"http://a:9100/metrics\"]\n",
            4, "\"http://a:9100/metrics\" is not a valid hostname"
        },
        {
            "conflicting auth",
            "scrape_configs:\n  - job_name: node\n    basic_auth:\n      username: u\n    bearer_token: t\n",
            5, "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured"
        },
        {
            "bearer token and file",
            "scrape_configs:\n  - job_name: node\n    bearer_token: t\n    bearer_token_file: f\n",
            4, "at most one of bearer_token & bearer_token_file must be configured"
        },
        {
            "basic auth and oauth2",
            "scrape_configs:\n  - job_name: node\n    basic_auth:\n      username: u\n    oauth2:\n      client_id: c\n      token_url: http://t/\n",
            5, "at most one of basic_auth, oauth2 & authorization must be configured"
        },
        {
            "password and password_file",
            "scrape_configs:\n  - job_name: node\n    basic_auth:\n      username: u\n      password: p\n      password_file: f\n",
            6, "at most one of basic_auth password & password_file must be configured"
        },
        {
            "missing job name",
            "scrape_configs:\n  - scrape_interval: 5s\n",
            2, "job_name is empty"
        },
        {
            "bad scheme",
            "scrape_configs:\n  - job_name: node\n    scheme: ftp\n",
            3, "unknown scheme \"ftp\""
        },
        {
            "replace without target_label",
            "scrape_configs:\n  - job_name: node\n    relabel_configs:\n      - source_labels: [a]\n",
            4, "relabel configuration for replace action requires 'target_label' value"
        },
        {
            "hashmod without modulus",
            "scrape_configs:\n  - job_name: node\n    relabel_configs:\n      - source_labels: [a]\n        action: hashmod\n        target_label: b\n",
            4, "relabel configuration for hashmod requires non-zero modulus"
        },
        {
            "invalid target_label for lowercase",
            "scrape_configs:\n  - job_name: node\n    relabel_configs:\n      - source_labels: [a]\n        action: lowercase\n        target_label: ${1}\n",
            6, "\"${1}\" is invalid 'target_label' for lowercase action"
        },
        {
            "labeldrop with source_labels",
            "scrape_configs:\n  - job_name: node\n    relabel_configs:\n      - source_labels: [a]\n        action: labeldrop\n        regex: x\n",
            4, "labeldrop action requires only 'regex', and no other fields"
        },
        {
            "kubernetes role missing",
            "scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n      - namespaces:\n          names: [a]\n",
            4, "role missing"
        },
        {
            "kubernetes unknown role",
            "scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n      - role: deployment\n",
            4, "unknown Kubernetes SD role \"deployment\""
        },
        {
            "kubernetes api_server and kubeconfig",
            "scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n      - role: pod\n        api_server: https://k:6443\n        kubeconfig_file: /k\n",
            6, "cannot use 'kubeconfig_file' and 'api_server' simultaneously"
        },
        {
            "kubernetes selector role",
            "scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n      - role: node\n        selectors:\n          - role: pod\n            label: a=b\n",
            6, "node role supports only node selectors"
        },
        {
            "file_sd bad extension",
            "scrape_configs:\n  - job_name: f\n    file_sd_configs:\n      - files: [targets.txt]\n",
            4, "path name \"targets.txt\" is not valid for file discovery"
        },
        {
            "remote_write without url",
            "remote_write:\n  - name: a\n",
            2, "url for remote_write is empty"
        },
        {
            "remote_write bad url",
            "remote_write:\n  - url: not a url\n",
            2, "invalid url \"not a url\""
        },
        {
            "unknown scrape protocol",
            "global:\n  scrape_protocols: [PrometheusText0.0.4, Foo]\n",
            2, "unknown scrape protocol Foo"
        },
        {
            "bad body size",
            "global:\n  body_size_limit: 10XB\n",
            2, "global.body_size_limit"
        },
        {
            "bad integer limit",
            "global:\n  sample_limit: lots\n",
            2, "global.sample_limit"
        },
        {
            "duplicate key",
            "global:\n  scrape_interval: 1s\n  scrape_interval: 2s\n",
            3, "scrape_interval"
        },
        {
            "yaml syntax",
            "scrape_configs:\n  - job_name: a\n   bad: [\n",
            3, ""
        },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Load_BadConfig_NamesLineAndField(string name, string yaml, int line, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(yaml, File));
        Assert.True(e.Line == line, $"{name}: expected line {line}, got {e.Line}: {e.Message}");
        Assert.StartsWith($"{File}:{line}:", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(File, e.File);
    }

    [Fact]
    public void Load_UnknownField_SetsFieldPathAndColumn()
    {
        var e = Assert.Throws<ConfigException>(() =>
            ConfigLoader.Load("scrape_configs:\n  - job_name: node\n    scrape_intervall: 5s\n", File));
        Assert.Equal("prometheus.yml:3:5: field scrape_intervall not found in type config.ScrapeConfig", e.Message);
        Assert.Equal(5, e.Column);
        Assert.Equal("scrape_configs[0].scrape_intervall", e.Field);
    }

    [Fact]
    public void Load_TimeoutGreaterThanInterval_MessageNamesJob()
    {
        var e = Assert.Throws<ConfigException>(() =>
            ConfigLoader.Load("scrape_configs:\n  - job_name: node\n    scrape_interval: 5s\n    scrape_timeout: 10s\n", File));
        Assert.Equal("prometheus.yml:4: scrape_configs[0] (job \"node\"): scrape timeout greater than scrape interval", e.Message);
        Assert.Equal("scrape_configs[0].scrape_timeout", e.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void Load_EmptyDocument_GivesDefaults(string yaml)
    {
        var config = ConfigLoader.Load(yaml, null);
        Assert.Equal(TimeSpan.FromMinutes(1), config.Global.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Global.ScrapeTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), config.Global.EvaluationInterval);
        Assert.Equal(ConfigLoader.DefaultScrapeProtocols, config.Global.ScrapeProtocols);
        Assert.Empty(config.ScrapeConfigs);
    }

    [Fact]
    public void Load_ScrapeConfig_InheritsFromGlobal()
    {
        const string yaml = """
            global:
              scrape_interval: 30s
              scrape_timeout: 20s
              sample_limit: 1000
              label_limit: 30
              target_limit: 5
              body_size_limit: 10MB
              keep_dropped_targets: 7
              scrape_protocols: [PrometheusText0.0.4]
            scrape_configs:
              - job_name: inherits
              - job_name: short
                scrape_interval: 5s
              - job_name: own
                scrape_interval: 1m
                scrape_timeout: 50s
                sample_limit: 10
                body_size_limit: 2048
                scrape_protocols: [OpenMetricsText1.0.0]
            """;
        var config = ConfigLoader.Load(yaml, null);
        var inherits = config.ScrapeConfigs[0];
        Assert.Equal(TimeSpan.FromSeconds(30), inherits.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), inherits.ScrapeTimeout);
        Assert.Equal(1000, inherits.SampleLimit);
        Assert.Equal(30, inherits.LabelLimit);
        Assert.Equal(5, inherits.TargetLimit);
        Assert.Equal(7, inherits.KeepDroppedTargets);
        Assert.Equal(10L * 1024 * 1024, inherits.BodySizeLimit);
        Assert.Equal(["PrometheusText0.0.4"], inherits.ScrapeProtocols);

        var shortJob = config.ScrapeConfigs[1];
        Assert.Equal(TimeSpan.FromSeconds(5), shortJob.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), shortJob.ScrapeTimeout);

        var own = config.ScrapeConfigs[2];
        Assert.Equal(TimeSpan.FromSeconds(50), own.ScrapeTimeout);
        Assert.Equal(10, own.SampleLimit);
        Assert.Equal(2048, own.BodySizeLimit);
        Assert.Equal(["OpenMetricsText1.0.0"], own.ScrapeProtocols);
    }

    [Fact]
    public void Load_GlobalIntervalBelowDefaultTimeout_TimeoutFollowsInterval()
    {
        var config = ConfigLoader.Load("global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n", null);
        Assert.Equal(TimeSpan.FromSeconds(5), config.Global.ScrapeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), config.ScrapeConfigs[0].ScrapeTimeout);
    }

    [Fact]
    public void Load_ScrapeDefaults_MatchPrometheus()
    {
        var scrape = ConfigLoader.Load("scrape_configs:\n  - job_name: a\n", null).ScrapeConfigs[0];
        Assert.Equal("/metrics", scrape.MetricsPath);
        Assert.Equal("http", scrape.Scheme);
        Assert.True(scrape.HonorTimestamps);
        Assert.False(scrape.HonorLabels);
        Assert.True(scrape.EnableCompression);
        Assert.True(scrape.FollowRedirects);
        Assert.True(scrape.EnableHttp2);
        Assert.Equal(ConfigLoader.DefaultScrapeProtocols, scrape.ScrapeProtocols);
        Assert.Equal("utf8", scrape.MetricNameValidationScheme);
        Assert.Equal("allow-utf-8", scrape.MetricNameEscapingScheme);
    }

    [Theory]
    [InlineData("enable_http2: false", "EnableHttp2")]
    [InlineData("oauth2:\n      client_id: c\n      client_secret: s\n      token_url: https://auth/token", "Oauth2")]
    [InlineData("bearer_token_file: /t", "BearerTokenFile")]
    [InlineData("follow_redirects: false", "FollowRedirects")]
    [InlineData("proxy_url: http://proxy:3128\n    no_proxy: localhost", "NoProxy")]
    [InlineData("tls_config:\n      insecure_skip_verify: true", "TlsConfig")]
    [InlineData("honor_timestamps: false", "HonorTimestamps")]
    [InlineData("convert_classic_histograms_to_nhcb: true", "ConvertClassicHistogramsToNhcb")]
    public void Load_SnakeCaseSpecialNames_AreRead(string field, string property)
    {
        var scrape = ConfigLoader.Load($"scrape_configs:\n  - job_name: a\n    {field}\n", null).ScrapeConfigs[0];
        var value = property switch
        {
            "EnableHttp2" => (object)scrape.EnableHttp2,
            "Oauth2" => scrape.Oauth2?.ClientId ?? "",
            "BearerTokenFile" => scrape.BearerTokenFile ?? "",
            "FollowRedirects" => scrape.FollowRedirects,
            "NoProxy" => scrape.NoProxy ?? "",
            "TlsConfig" => scrape.TlsConfig.InsecureSkipVerify,
            "HonorTimestamps" => scrape.HonorTimestamps,
            "ConvertClassicHistogramsToNhcb" => scrape.ConvertClassicHistogramsToNhcb,
            _ => throw new ArgumentException(property),
        };
        object expected = property switch
        {
            "EnableHttp2" or "FollowRedirects" or "HonorTimestamps" => false,
            "Oauth2" => "c",
            "BearerTokenFile" => "/t",
            "NoProxy" => "localhost",
            _ => true,
        };
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Load_RetryOnHttp429AndGogc_UsePrometheusSpelling()
    {
        var config = ConfigLoader.Load(
            "runtime:\n  gogc: 50\nremote_write:\n  - url: http://rw/api/v1/write\n    queue_config:\n      retry_on_http_429: false\n", null);
        Assert.Equal(50, config.Runtime!.GoGc);
        Assert.False(config.RemoteWrite[0].QueueConfig.RetryOnHttp429);
    }

    [Theory]
    [InlineData("replace", RelabelAction.Replace)]
    [InlineData("keep", RelabelAction.Keep)]
    [InlineData("drop", RelabelAction.Drop)]
    [InlineData("keepequal", RelabelAction.KeepEqual)]
    [InlineData("dropequal", RelabelAction.DropEqual)]
    [InlineData("hashmod", RelabelAction.HashMod)]
    [InlineData("labelmap", RelabelAction.LabelMap)]
    [InlineData("labeldrop", RelabelAction.LabelDrop)]
    [InlineData("labelkeep", RelabelAction.LabelKeep)]
    [InlineData("lowercase", RelabelAction.Lowercase)]
    [InlineData("uppercase", RelabelAction.Uppercase)]
    public void Load_RelabelAction_ReadsLowerCaseName(string name, RelabelAction action)
    {
        var extra = action switch
        {
            RelabelAction.HashMod => "\n        modulus: 4\n        target_label: t",
            RelabelAction.Replace or RelabelAction.KeepEqual or RelabelAction.DropEqual
                or RelabelAction.Lowercase or RelabelAction.Uppercase => "\n        target_label: t",
            _ => string.Empty,
        };
        var sources = action is RelabelAction.LabelDrop or RelabelAction.LabelKeep or RelabelAction.LabelMap ? "" : "\n        source_labels: [a]";
        var yaml = $"scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: {name}{sources}{extra}\n";
        var rule = ConfigLoader.Load(yaml, null).ScrapeConfigs[0].RelabelConfigs[0];
        Assert.Equal(action, rule.Action);
    }

    [Fact]
    public void Load_RelabelDefaults_MatchPrometheus()
    {
        var rule = ConfigLoader.Load("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - target_label: x\n", null)
            .ScrapeConfigs[0].RelabelConfigs[0];
        Assert.Equal(";", rule.Separator);
        Assert.Equal("(.*)", rule.Regex);
        Assert.Equal("$1", rule.Replacement);
        Assert.Equal(RelabelAction.Replace, rule.Action);
    }

    [Fact]
    public void LoadFile_RelativePaths_ResolvedAgainstConfigDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("config-tests-");
        try
        {
            var path = Path.Combine(dir.FullName, "prometheus.yml");
            System.IO.File.WriteAllText(path, """
                rule_files: [rules/*.yml]
                scrape_configs:
                  - job_name: a
                    bearer_token_file: secrets/token
                    tls_config:
                      ca_file: certs/ca.crt
                      cert_file: certs/client.crt
                      key_file: /abs/client.key
                    file_sd_configs:
                      - files: [targets/*.json]
                    kubernetes_sd_configs:
                      - role: pod
                        kubeconfig_file: kube/config
                  - job_name: b
                    basic_auth:
                      username: u
                      password_file: pw
                  - job_name: c
                    authorization:
                      credentials_file: creds
                """);
            var config = ConfigLoader.LoadFile(path);
            var d = dir.FullName;
            Assert.Equal(Path.Combine(d, "rules/*.yml"), config.RuleFiles[0]);
            var a = config.ScrapeConfigs[0];
            Assert.Equal(Path.Combine(d, "secrets", "token"), a.BearerTokenFile);
            Assert.Equal(Path.Combine(d, "certs", "ca.crt"), a.TlsConfig.CaFile);
            Assert.Equal(Path.Combine(d, "certs", "client.crt"), a.TlsConfig.CertFile);
            Assert.Equal("/abs/client.key", a.TlsConfig.KeyFile);
            Assert.Equal(Path.Combine(d, "targets", "*.json"), a.FileSdConfigs[0].Files[0]);
            Assert.Equal(Path.Combine(d, "kube", "config"), a.KubernetesSdConfigs[0].KubeconfigFile);
            Assert.Equal(Path.Combine(d, "pw"), config.ScrapeConfigs[1].BasicAuth!.PasswordFile);
            Assert.Equal(Path.Combine(d, "creds"), config.ScrapeConfigs[2].Authorization!.CredentialsFile);
            Assert.Equal(path, config.SourceFile);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadFile_MissingFile_ThrowsConfigExceptionNamingFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "prometheus.yml");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithoutFileName_NamesPlaceholder()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load("foo: 1\n", null));
        Assert.StartsWith(ConfigLoader.NoFileName + ":1:1:", e.Message, StringComparison.Ordinal);
    }
}
