using MetricsServer.Model.Time;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace MetricsServer.Config.Yaml;

/// <summary>Reads and writes <see cref="TimeSpan"/> in Prometheus's duration syntax (<c>1h30m</c>, <c>15s</c>).</summary>
internal sealed class DurationConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(TimeSpan) || type == typeof(TimeSpan?);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        if (type == typeof(TimeSpan?) && ScalarText.IsNull(scalar)) return null;
        if (!PromDuration.TryParse(scalar.Value, out var duration, out var error))
        {
            throw new YamlException(scalar.Start, scalar.End, error);
        }
        return duration;
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
    {
        var text = value is TimeSpan d ? PromDuration.Format(d) : "null";
        emitter.Emit(new Scalar(text));
    }
}
