using MetricsServer.Query.Ast;
using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Functions;

/// <summary>
/// A PromQL function's signature. <see cref="Variadic"/> follows Prometheus's convention: 0 means exactly
/// <see cref="ArgTypes"/>.Count arguments; n &gt; 0 means the last argument type is optional and may occur up to n
/// times (<c>round(v, [to_nearest])</c>); -1 means the last argument type may repeat without limit and at least
/// Count-1 arguments are given (<c>label_join</c>).
/// </summary>
public sealed record FunctionInfo(string Name, IReadOnlyList<ValueType> ArgTypes, int Variadic, ValueType ReturnType, bool Experimental = false)
{
    /// <summary>The fewest arguments the function takes.</summary>
    public int MinArgs => Variadic == 0 ? ArgTypes.Count : ArgTypes.Count - 1;

    /// <summary>The most arguments the function takes, or <see cref="int.MaxValue"/>.</summary>
    public int MaxArgs => Variadic switch
    {
        0 => ArgTypes.Count,
        < 0 => int.MaxValue,
        _ => ArgTypes.Count - 1 + Variadic,
    };

    /// <summary>The type argument <paramref name="index"/> must have.</summary>
    public ValueType ArgType(int index) => index < ArgTypes.Count ? ArgTypes[index] : ArgTypes[^1];

    /// <summary>True when the function accepts a range selector with the experimental <c>anchored</c> modifier.</summary>
    public bool AllowsAnchored => Name is "changes" or "delta" or "increase" or "rate" or "resets";

    /// <summary>True when the function accepts a range selector with the experimental <c>smoothed</c> modifier.</summary>
    public bool AllowsSmoothed => Name is "delta" or "increase" or "rate";
}
