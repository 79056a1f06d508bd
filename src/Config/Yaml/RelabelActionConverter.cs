using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace MetricsServer.Config.Yaml;

/// <summary>Reads relabel actions by their lower-case Prometheus names (case-insensitively, as Prometheus does).</summary>
internal sealed class RelabelActionConverter : IYamlTypeConverter
{
    private static readonly Dictionary<string, RelabelAction> Actions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["replace"] = RelabelAction.Replace,
        ["keep"] = RelabelAction.Keep,
        ["drop"] = RelabelAction.Drop,
        ["keepequal"] = RelabelAction.KeepEqual,
        ["dropequal"] = RelabelAction.DropEqual,
        ["hashmod"] = RelabelAction.HashMod,
        ["labelmap"] = RelabelAction.LabelMap,
        ["labeldrop"] = RelabelAction.LabelDrop,
        ["labelkeep"] = RelabelAction.LabelKeep,
        ["lowercase"] = RelabelAction.Lowercase,
        ["uppercase"] = RelabelAction.Uppercase,
    };

    public bool Accepts(Type type) => type == typeof(RelabelAction);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        if (scalar.Value.Length == 0) throw new YamlException(scalar.Start, scalar.End, "relabel action cannot be empty");
        return Actions.TryGetValue(scalar.Value, out var action)
            ? action
            : throw new YamlException(scalar.Start, scalar.End, $"unknown relabel action \"{scalar.Value}\"");
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        emitter.Emit(new Scalar(Name((RelabelAction)value!)));

    /// <summary>The YAML spelling of <paramref name="action"/>.</summary>
    public static string Name(RelabelAction action) =>
#pragma warning disable CA1308 // Prometheus's action names are lower case by definition.
        action.ToString().ToLowerInvariant();
#pragma warning restore CA1308
}
