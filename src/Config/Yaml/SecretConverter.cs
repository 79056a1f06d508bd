using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace MetricsServer.Config.Yaml;

/// <summary>Reads a <see cref="Secret"/> from a plain string; writes every secret as <c>&lt;secret&gt;</c>, never its value.</summary>
internal sealed class SecretConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(Secret);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        if (!parser.TryConsume<Scalar>(out var scalar))
        {
            var current = parser.Current;
            throw new YamlException(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty, "a secret must be a string");
        }
        return ScalarText.IsNull(scalar) ? null : new Secret(scalar.Value);
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        emitter.Emit(new Scalar(Secret.Redacted));
}
