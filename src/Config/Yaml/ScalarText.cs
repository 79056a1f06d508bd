using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MetricsServer.Config.Yaml;

/// <summary>Helpers shared by the scalar converters.</summary>
internal static class ScalarText
{
    /// <summary>A plain <c>null</c>, <c>~</c> or empty scalar, which YAML reads as null.</summary>
    public static bool IsNull(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
}
