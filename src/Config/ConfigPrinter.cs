using MetricsServer.Config.Yaml;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MetricsServer.Config;

/// <summary>
/// Prints a loaded configuration as YAML with Prometheus's field names and every effective value, the way
/// <c>/api/v1/status/config</c> shows it: durations in Prometheus's form, every secret as <c>&lt;secret&gt;</c>.
/// </summary>
public static class ConfigPrinter
{
    // Immutable once built; safe to share.
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithTypeConverter(new DurationConverter())
        .WithTypeConverter(new SecretConverter())
        .WithTypeConverter(new RelabelActionConverter())
        .WithTypeConverter(new ByteSizeConverter())
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .DisableAliases()
        .Build();

    public static string ToYaml(PrometheusConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Serializer.Serialize(config);
    }
}
