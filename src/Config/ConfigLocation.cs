using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetricsServer.Config;

/// <summary>
/// Where a value sits in the parsed document: its node (null when the field was left out), the position to report
/// (the key's when there is one) and its field path. Validation walks these beside the model to name lines.
/// </summary>
internal readonly record struct ConfigLocation(YamlNode? Node, Mark Mark, string Path)
{
    private readonly string? _scope;

    public static ConfigLocation Root(YamlNode? node) => new(node, node?.Start ?? Mark.Empty, string.Empty);

    /// <summary>How messages name this place: its path, or what <see cref="WithScope"/> set (a job name, say).</summary>
    public string Scope
    {
        get => _scope ?? Path;
        private init => _scope = value;
    }

    /// <summary>This location, named <paramref name="scope"/> in messages; children extend that name.</summary>
    public ConfigLocation WithScope(string scope) => this with { Scope = scope };

    /// <summary>Whether the document spelled this field out.</summary>
    public bool IsSet => Node is not null;

    /// <summary>The location of <paramref name="key"/> in this mapping; where it is absent, this mapping's position.</summary>
    public ConfigLocation Child(string key)
    {
        var path = Path.Length == 0 ? key : Path + "." + key;
        var scope = Scope.Length == 0 ? key : Scope + "." + key;
        if (Node is YamlMappingNode mapping)
        {
            foreach (var (k, v) in mapping.Children)
            {
                if (k is YamlScalarNode s && s.Value == key) return new ConfigLocation(v, k.Start, path) { Scope = scope };
            }
        }
        return new ConfigLocation(null, Mark, path) { Scope = scope };
    }

    /// <summary>The location of the <paramref name="index"/>th item of this sequence.</summary>
    public ConfigLocation Item(int index)
    {
        var suffix = "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
        var path = Path + suffix;
        var scope = Scope + suffix;
        if (Node is YamlSequenceNode seq && index < seq.Children.Count)
        {
            var item = seq.Children[index];
            return new ConfigLocation(item, item.Start, path) { Scope = scope };
        }
        return new ConfigLocation(null, Mark, path) { Scope = scope };
    }

    /// <summary>The location of <paramref name="key"/>'s entry in a map field such as <c>labels</c>.</summary>
    public ConfigLocation Entry(string key)
    {
        var path = Path + "." + key;
        var scope = Scope + "." + key;
        if (Node is YamlMappingNode mapping)
        {
            foreach (var (k, v) in mapping.Children)
            {
                if (k is YamlScalarNode s && s.Value == key) return new ConfigLocation(v, k.Start, path) { Scope = scope };
            }
        }
        return new ConfigLocation(null, Mark, path) { Scope = scope };
    }
}
