using System.Text.RegularExpressions;
using MetricsServer.Config.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MetricsServer.Config;

/// <summary>
/// Loads and validates <c>prometheus.yml</c> strictly, as Prometheus does: an unknown field, a malformed value or an
/// invalid combination is a <see cref="ConfigException"/> naming file, line and field. The returned model holds every
/// effective value: scrape configs carry what they inherit from <c>global</c>, and relative file paths are resolved
/// against the config file's directory.
/// </summary>
public static partial class ConfigLoader
{
    /// <summary>What messages call text loaded without a file name.</summary>
    public const string NoFileName = "<config>";

    // The deserializer is immutable once built and safe to share between threads.
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithTypeConverter(new DurationConverter())
        .WithTypeConverter(new SecretConverter())
        .WithTypeConverter(new RelabelActionConverter())
        .WithTypeConverter(new ByteSizeConverter())
        .WithDuplicateKeyChecking()
        .Build();

    private static readonly Regex UnknownProperty = new(
        "Property '(?<name>[^']*)' not found on type '(?<type>[^']*)'", RegexOptions.CultureInvariant);

    /// <summary>Reads and loads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file cannot be read, or its content is invalid.</exception>
    public static PrometheusConfig LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, 0, string.Empty, $"error reading config file: {e.Message}", e);
        }
        return Load(yaml, path);
    }

    /// <summary>
    /// Loads configuration text. <paramref name="sourceFile"/> names it in messages and anchors relative paths; when
    /// null, relative paths stay as written. An empty document gives Prometheus's defaults.
    /// </summary>
    /// <exception cref="ConfigException">The content is invalid.</exception>
    public static PrometheusConfig Load(string yaml, string? sourceFile)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var context = new LoadContext(sourceFile ?? NoFileName);
        var root = ParseTree(yaml, context);
        var config = Deserialize(yaml, context, root) ?? new PrometheusConfig();
        config.SourceFile = sourceFile;
        Validate(config, context, ConfigLocation.Root(root));
        if (sourceFile is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(sourceFile)) ?? string.Empty;
            ResolvePaths(config, directory);
        }
        return config;
    }

    /// <summary>The document's node tree, kept beside the model so validation can name lines.</summary>
    private static YamlNode? ParseTree(string yaml, LoadContext context)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw context.Syntax(e, null);
        }
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    private static PrometheusConfig? Deserialize(string yaml, LoadContext context, YamlNode? root)
    {
        if (root is null) return null;
        if (root is YamlScalarNode { Value: null or "" or "~" or "null" }) return null;
        try
        {
            var parser = new Parser(new StringReader(yaml));
            parser.Consume<YamlDotNet.Core.Events.StreamStart>();
            return Deserializer.Deserialize<PrometheusConfig?>(parser);
        }
        catch (YamlException e)
        {
            throw context.Syntax(e, root);
        }
    }

    /// <summary>Where a deserialization error points, as a field path found in the node tree.</summary>
    internal static string FindPath(YamlNode? node, Mark mark, string path)
    {
        // Children come in document order, so the last one starting at or before the mark is the one holding it.
        switch (node)
        {
            case YamlMappingNode mapping:
            {
                string? found = null;
                YamlNode? value = null;
                foreach (var (k, v) in mapping.Children)
                {
                    if (k.Start.Index > mark.Index) break;
                    var key = k is YamlScalarNode s ? s.Value ?? string.Empty : "?";
                    found = path.Length == 0 ? key : path + "." + key;
                    value = k.Start.Index == mark.Index || v.Start.Index == mark.Index ? null : v;
                }
                return found is null ? path : value is null ? found : FindPath(value, mark, found);
            }
            case YamlSequenceNode sequence:
            {
                string? found = null;
                YamlNode? value = null;
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var item = sequence.Children[i];
                    if (item.Start.Index > mark.Index) break;
                    found = path + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
                    value = item.Start.Index == mark.Index ? null : item;
                }
                return found is null ? path : value is null ? found : FindPath(value, mark, found);
            }
            default:
                return path;
        }
    }

    /// <summary>Prometheus's Go type names, so messages read like Prometheus's.</summary>
    internal static string GoTypeName(string dotnetType)
    {
        var name = dotnetType[(dotnetType.LastIndexOf('.') + 1)..];
        return name switch
        {
            nameof(PrometheusConfig) => "config.Config",
            nameof(RelabelConfig) => "relabel.Config",
            nameof(StaticConfig) => "targetgroup.Group",
            nameof(FileSdConfig) => "file.SDConfig",
            nameof(KubernetesSdConfig) => "kubernetes.SDConfig",
            nameof(KubernetesNamespaces) => "kubernetes.NamespaceDiscovery",
            nameof(KubernetesSelector) => "kubernetes.SelectorConfig",
            nameof(KubernetesAttachMetadata) => "kubernetes.AttachMetadataConfig",
            nameof(TlsConfig) => "config.TLSConfig",
            nameof(HttpClientConfig) => "config.HTTPClientConfig",
            nameof(BasicAuthConfig) => "config.BasicAuth",
            nameof(AuthorizationConfig) => "config.Authorization",
            nameof(OAuth2Config) => "config.OAuth2",
            nameof(HttpHeaderConfig) => "config.Header",
            nameof(TsdbStorageConfig) => "config.TSDBConfig",
            nameof(ExemplarsStorageConfig) => "config.ExemplarsConfig",
            nameof(OtlpConfig) => "config.OTLPConfig",
            _ => "config." + name,
        };
    }

    /// <summary>Per-load state: the file name for messages.</summary>
    internal sealed class LoadContext(string file)
    {
        public string File { get; } = file;

        /// <summary>A semantic error at <paramref name="at"/>, described in the terms of <paramref name="scope"/>.</summary>
        public ConfigException Error(ConfigLocation at, ConfigLocation scope, string reason) =>
            new(File, (int)at.Mark.Line, 0, at.Path, scope.Scope.Length == 0 ? reason : scope.Scope + ": " + reason);

        /// <summary>A semantic error about the field at <paramref name="at"/> itself.</summary>
        public ConfigException Error(ConfigLocation at, string reason) =>
            new(File, (int)at.Mark.Line, 0, at.Path, at.Scope.Length == 0 ? reason : at.Scope + ": " + reason);

        /// <summary>Maps YamlDotNet's exception, with its start mark, to ours.</summary>
        public ConfigException Syntax(YamlException e, YamlNode? root)
        {
            // YamlDotNet wraps a converter's exception in "Exception during deserialization"; the innermost one that
            // carries a position says what was wrong.
            var inner = e;
            Exception? cause = e.InnerException;
            while (cause is not null)
            {
                if (cause is YamlException y && !y.Start.Equals(Mark.Empty)) inner = y;
                cause = cause.InnerException;
            }
            var message = inner.Message;
            if (message == "Exception during deserialization" && inner.InnerException is { } wrapped) message = wrapped.Message;
            var field = FindPath(root, inner.Start, string.Empty);
            var match = UnknownProperty.Match(message);
            string reason;
            if (match.Success)
            {
                var name = match.Groups["name"].Value;
                reason = $"field {name} not found in type {GoTypeName(match.Groups["type"].Value)}";
                if (!field.EndsWith(name, StringComparison.Ordinal)) field = field.Length == 0 ? name : field + "." + name;
            }
            else
            {
                if (message.StartsWith("The input string", StringComparison.Ordinal)) message = "cannot parse " + message[4..];
                reason = field.Length == 0 ? message : $"{field}: {message}";
            }
            return new ConfigException(File, (int)inner.Start.Line, (int)inner.Start.Column, field, reason, e);
        }
    }
}
