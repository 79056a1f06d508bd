using System.Globalization;
using System.Text;
using System.Text.Json;
using MetricsServer.Model.Labels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetricsServer.Discovery.FileSd;

/// <summary>
/// Reads Prometheus's file_sd format: a list of <c>{targets: [...], labels: {...}}</c> in YAML (<c>.yml</c>,
/// <c>.yaml</c>) or JSON (<c>.json</c>). YAML is strict about unknown fields and JSON ignores them, as in
/// Prometheus, so files that work there work here. Every group gets <c>__meta_filepath</c> and the source
/// <c>path:index</c>.
/// </summary>
internal static class FileSdParser
{
    public const string FilepathLabel = LabelNames.MetaPrefix + "filepath";

    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Parses <paramref name="content"/>; throws <see cref="FileSdFormatException"/> saying what is wrong.</summary>
    public static List<TargetGroup> Parse(string path, ReadOnlyMemory<byte> content)
    {
        // Editors on Windows like to start UTF-8 files with a byte-order mark; it is not part of the content.
        if (content.Span.StartsWith("\uFEFF"u8)) content = content[3..];
        var extension = Path.GetExtension(path).ToUpperInvariant();
        return extension switch
        {
            ".JSON" => ParseJson(path, content),
            ".YML" or ".YAML" => ParseYaml(path, content),
            _ => throw new FileSdFormatException($"unknown file extension \"{Path.GetExtension(path)}\": expected .json, .yml or .yaml"),
        };
    }

    public static string SourceOf(string path, int index) => path + ":" + index.ToString(CultureInfo.InvariantCulture);

    private static List<TargetGroup> ParseJson(string path, ReadOnlyMemory<byte> content)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new FileSdFormatException($"invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null) return [];
            if (root.ValueKind != JsonValueKind.Array) throw new FileSdFormatException($"expected a list of target groups, found {Describe(root.ValueKind)}");
            var groups = new List<TargetGroup>(root.GetArrayLength());
            var builder = new LabelSetBuilder();
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Null) throw new FileSdFormatException($"group {index} is null");
                if (item.ValueKind != JsonValueKind.Object) throw new FileSdFormatException($"group {index}: expected an object, found {Describe(item.ValueKind)}");
                var targets = new List<LabelSet>();
                builder.Reset();
                foreach (var property in item.EnumerateObject())
                {
                    // Go's encoding/json matches field names without regard to case; do the same.
                    if (string.Equals(property.Name, "targets", StringComparison.OrdinalIgnoreCase))
                    {
                        targets.Clear();
                        ReadJsonTargets(property.Value, index, targets);
                    }
                    else if (string.Equals(property.Name, "labels", StringComparison.OrdinalIgnoreCase))
                    {
                        builder.Reset();
                        ReadJsonLabels(property.Value, index, builder);
                    }
                }
                groups.Add(MakeGroup(path, index, targets, builder));
                index++;
            }
            return groups;
        }
    }

    private static void ReadJsonTargets(JsonElement value, int group, List<LabelSet> targets)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Array) throw new FileSdFormatException($"group {group}: \"targets\" must be a list of strings, found {Describe(value.ValueKind)}");
        var i = 0;
        foreach (var target in value.EnumerateArray())
        {
            if (target.ValueKind != JsonValueKind.String)
                throw new FileSdFormatException($"group {group}: target {i} must be a string, found {Describe(target.ValueKind)}");
            targets.Add(LabelSet.FromStrings(LabelNames.Address, target.GetString()!));
            i++;
        }
    }

    private static void ReadJsonLabels(JsonElement value, int group, LabelSetBuilder builder)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Object) throw new FileSdFormatException($"group {group}: \"labels\" must be a map of strings, found {Describe(value.ValueKind)}");
        foreach (var label in value.EnumerateObject())
        {
            CheckLabelName(label.Name, group);
            if (label.Value.ValueKind != JsonValueKind.String)
                throw new FileSdFormatException($"group {group}: label \"{label.Name}\" must have a string value, found {Describe(label.Value.ValueKind)}");
            builder.Set(label.Name, label.Value.GetString()!);
        }
    }

    private static List<TargetGroup> ParseYaml(string path, ReadOnlyMemory<byte> content)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(Encoding.UTF8.GetString(content.Span));
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new FileSdFormatException($"invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {Innermost(ex).Message}", ex);
        }
        if (stream.Documents.Count == 0) return [];
        if (stream.Documents.Count > 1) throw new FileSdFormatException($"expected one YAML document, found {stream.Documents.Count}");
        var root = stream.Documents[0].RootNode;
        if (IsNull(root)) return [];
        if (root is not YamlSequenceNode sequence) throw new FileSdFormatException($"{At(root)}: expected a list of target groups, found {Describe(root)}");
        var groups = new List<TargetGroup>(sequence.Children.Count);
        var builder = new LabelSetBuilder();
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var item = sequence.Children[index];
            if (IsNull(item)) throw new FileSdFormatException($"{At(item)}: group {index} is null");
            if (item is not YamlMappingNode mapping) throw new FileSdFormatException($"{At(item)}: group {index}: expected a map, found {Describe(item)}");
            var targets = new List<LabelSet>();
            builder.Reset();
            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = keyNode is YamlScalarNode scalarKey ? scalarKey.Value : null;
                switch (key)
                {
                    case "targets":
                        ReadYamlTargets(value, index, targets);
                        break;
                    case "labels":
                        ReadYamlLabels(value, index, builder);
                        break;
                    default:
                        throw new FileSdFormatException($"{At(keyNode)}: group {index}: unknown field \"{key ?? Describe(keyNode)}\" (expected \"targets\" or \"labels\")");
                }
            }
            groups.Add(MakeGroup(path, index, targets, builder));
        }
        return groups;
    }

    private static void ReadYamlTargets(YamlNode value, int group, List<LabelSet> targets)
    {
        if (IsNull(value)) return;
        if (value is not YamlSequenceNode sequence) throw new FileSdFormatException($"{At(value)}: group {group}: \"targets\" must be a list of strings, found {Describe(value)}");
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var target = sequence.Children[i];
            if (target is not YamlScalarNode scalar || IsNull(target))
                throw new FileSdFormatException($"{At(target)}: group {group}: target {i} must be a string, found {Describe(target)}");
            targets.Add(LabelSet.FromStrings(LabelNames.Address, scalar.Value ?? string.Empty));
        }
    }

    private static void ReadYamlLabels(YamlNode value, int group, LabelSetBuilder builder)
    {
        if (IsNull(value)) return;
        if (value is not YamlMappingNode mapping) throw new FileSdFormatException($"{At(value)}: group {group}: \"labels\" must be a map of strings, found {Describe(value)}");
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name }) throw new FileSdFormatException($"{At(keyNode)}: group {group}: label names must be strings");
            CheckLabelName(name, group, At(keyNode) + ": ");
            if (valueNode is not YamlScalarNode scalar)
                throw new FileSdFormatException($"{At(valueNode)}: group {group}: label \"{name}\" must have a string value, found {Describe(valueNode)}");
            builder.Set(name, IsNull(scalar) ? string.Empty : scalar.Value ?? string.Empty);
        }
    }

    private static TargetGroup MakeGroup(string path, int index, List<LabelSet> targets, LabelSetBuilder labels)
    {
        labels.Set(FilepathLabel, path);
        return new TargetGroup(SourceOf(path, index), targets, labels.ToLabelSet());
    }

    private static void CheckLabelName(string name, int group, string where = "")
    {
        if (!LabelNames.IsValidLabelName(name)) throw new FileSdFormatException($"{where}group {group}: \"{name}\" is not a valid label name");
    }

    /// <summary>YAML's null: an untagged plain scalar spelled <c>~</c>, <c>null</c> or nothing.</summary>
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Tag.IsEmpty: true } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string At(YamlNode node) => $"line {node.Start.Line}, column {node.Start.Column}";

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a map",
        _ when IsNull(node) => "null",
        YamlScalarNode s => $"\"{s.Value}\"",
        _ => node.NodeType.ToString(),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }
}
