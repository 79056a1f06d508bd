using YamlDotNet.Serialization;

namespace MetricsServer.Config;

/// <summary>The <c>storage</c> section (tsdb and exemplars); kept for the TSDB issue.</summary>
public sealed class StorageConfig
{
    public TsdbStorageConfig? Tsdb { get; set; }
    public ExemplarsStorageConfig? Exemplars { get; set; }
}

public sealed class TsdbStorageConfig
{
    public TimeSpan OutOfOrderTimeWindow { get; set; }
}

public sealed class ExemplarsStorageConfig
{
    public long MaxExemplars { get; set; } = 100000;
}

/// <summary>The <c>tracing</c> section, accepted and kept; tracing is not implemented.</summary>
public sealed class TracingConfig
{
    public string? ClientType { get; set; }
    public string? Endpoint { get; set; }
    public double SamplingFraction { get; set; }
    public bool Insecure { get; set; }
    public Dictionary<string, string> Headers { get; set; } = [];
    public string? Compression { get; set; }
    public TimeSpan Timeout { get; set; }
    public TlsConfig TlsConfig { get; set; } = new();
}

/// <summary>The <c>runtime</c> section.</summary>
public sealed class RuntimeConfig
{
    [YamlMember(Alias = "gogc")]
    public int GoGc { get; set; }
}

/// <summary>The <c>otlp</c> section, accepted and kept.</summary>
public sealed class OtlpConfig
{
    public List<string> PromoteResourceAttributes { get; set; } = [];
    public string? TranslationStrategy { get; set; }
    public bool KeepIdentifyingResourceAttributes { get; set; }
}
