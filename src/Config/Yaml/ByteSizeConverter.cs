using MetricsServer.Model.Time;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace MetricsServer.Config.Yaml;

/// <summary>
/// Reads <c>body_size_limit</c>: a size with a base-2 unit (<c>10MB</c>) or a plain number of bytes. Applied per
/// property with <see cref="YamlConverterAttribute"/>, because the other limits are plain integers.
/// </summary>
internal sealed class ByteSizeConverter : IYamlTypeConverter
{
    // Registered with the builders only so the attribute can find it; it never claims a type by itself.
    public bool Accepts(Type type) => false;

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        if (!ByteSize.TryParse(scalar.Value, out var bytes, out var error))
        {
            throw new YamlException(scalar.Start, scalar.End, error);
        }
        return bytes;
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
    {
        var bytes = value is long b ? b : 0;
        emitter.Emit(new Scalar(bytes == 0 ? "0" : ByteSize.Format(bytes)));
    }
}
