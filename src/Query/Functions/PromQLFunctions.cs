using System.Collections.Frozen;
using MetricsServer.Query.Ast;
using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Functions;

/// <summary>
/// Every function of Prometheus's functions.md with its argument and return types, plus the experimental ones
/// (marked <see cref="FunctionInfo.Experimental"/>). Function names are case-sensitive.
/// </summary>
public static class PromQLFunctions
{
    private const ValueType S = ValueType.Scalar;
    private const ValueType V = ValueType.Vector;
    private const ValueType M = ValueType.Matrix;
    private const ValueType Str = ValueType.String;

    private static readonly FrozenDictionary<string, FunctionInfo> Table = Build();

    /// <summary>All functions by name.</summary>
    public static IReadOnlyDictionary<string, FunctionInfo> All => Table;

    public static bool TryGet(string name, out FunctionInfo function) => Table.TryGetValue(name, out function!);

    private static FrozenDictionary<string, FunctionInfo> Build()
    {
        var list = new List<FunctionInfo>();
        void Add(string name, ValueType[] args, ValueType ret, int variadic = 0, bool experimental = false) =>
            list.Add(new FunctionInfo(name, args, variadic, ret, experimental));

        // Instant-vector to instant-vector math.
        foreach (var name in (string[])["abs", "ceil", "exp", "floor", "ln", "log10", "log2", "sgn", "sqrt", "deg", "rad",
                     "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh",
                     "timestamp", "sort", "sort_desc", "absent",
                     "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev", "histogram_stdvar"])
        {
            Add(name, [V], V);
        }
        // Range-vector to instant-vector.
        foreach (var name in (string[])["absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv",
                     "idelta", "increase", "irate", "last_over_time", "max_over_time", "min_over_time",
                     "present_over_time", "rate", "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time"])
        {
            Add(name, [M], V);
        }
        foreach (var name in (string[])["mad_over_time", "first_over_time", "ts_of_first_over_time", "ts_of_last_over_time",
                     "ts_of_max_over_time", "ts_of_min_over_time"])
        {
            Add(name, [M], V, experimental: true);
        }
        // Time functions take an optional instant vector (default: vector(time())).
        foreach (var name in (string[])["day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"])
        {
            Add(name, [V], V, variadic: 1);
        }
        Add("clamp", [V, S, S], V);
        Add("clamp_max", [V, S], V);
        Add("clamp_min", [V, S], V);
        Add("round", [V, S], V, variadic: 1);
        Add("histogram_fraction", [S, S, V], V);
        Add("histogram_quantile", [S, V], V);
        Add("histogram_quantiles", [V, Str, S, S], V, variadic: -1, experimental: true);
        Add("double_exponential_smoothing", [M, S, S], V, experimental: true);
        Add("predict_linear", [M, S], V);
        Add("quantile_over_time", [S, M], V);
        Add("label_replace", [V, Str, Str, Str, Str], V);
        Add("label_join", [V, Str, Str, Str], V, variadic: -1);
        Add("sort_by_label", [V, Str], V, variadic: -1, experimental: true);
        Add("sort_by_label_desc", [V, Str], V, variadic: -1, experimental: true);
        Add("info", [V, V], V, variadic: 1, experimental: true);
        Add("start_timestamp", [V], V, experimental: true);
        Add("scalar", [V], S);
        Add("vector", [S], V);
        Add("time", [], S);
        Add("pi", [], S);
        // Experimental: the query's parameters as scalars (an instant query has step and range 0, start = end).
        Add("step", [], S, experimental: true);
        Add("range", [], S, experimental: true);
        Add("start", [], S, experimental: true);
        Add("end", [], S, experimental: true);
        Add("min_of", [S, S], S, experimental: true);
        Add("max_of", [S, S], S, experimental: true);
        return list.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
    }
}
