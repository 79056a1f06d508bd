using System.Collections.Frozen;

namespace MetricsServer.Query.Parsing;

/// <summary>Keyword table and classification of <see cref="TokenKind"/>.</summary>
public static class TokenKinds
{
    /// <summary>Keywords, operators spelled as words and aggregators, matched case-insensitively.</summary>
    public static readonly FrozenDictionary<string, TokenKind> Keywords = new Dictionary<string, TokenKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["and"] = TokenKind.And,
        ["or"] = TokenKind.Or,
        ["unless"] = TokenKind.Unless,
        ["atan2"] = TokenKind.Atan2,
        ["sum"] = TokenKind.Sum,
        ["avg"] = TokenKind.Avg,
        ["count"] = TokenKind.Count,
        ["min"] = TokenKind.Min,
        ["max"] = TokenKind.Max,
        ["group"] = TokenKind.Group,
        ["stddev"] = TokenKind.Stddev,
        ["stdvar"] = TokenKind.Stdvar,
        ["topk"] = TokenKind.Topk,
        ["bottomk"] = TokenKind.Bottomk,
        ["count_values"] = TokenKind.CountValues,
        ["quantile"] = TokenKind.Quantile,
        ["limitk"] = TokenKind.Limitk,
        ["limit_ratio"] = TokenKind.LimitRatio,
        ["bool"] = TokenKind.Bool,
        ["by"] = TokenKind.By,
        ["without"] = TokenKind.Without,
        ["on"] = TokenKind.On,
        ["ignoring"] = TokenKind.Ignoring,
        ["group_left"] = TokenKind.GroupLeft,
        ["group_right"] = TokenKind.GroupRight,
        ["offset"] = TokenKind.Offset,
        ["start"] = TokenKind.Start,
        ["end"] = TokenKind.End,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static bool IsOperator(this TokenKind k) => k is >= TokenKind.Add and <= TokenKind.TrimLower;

    public static bool IsAggregator(this TokenKind k) => k is >= TokenKind.Sum and <= TokenKind.LimitRatio;

    public static bool IsKeyword(this TokenKind k) => k is >= TokenKind.Bool and <= TokenKind.Offset;

    /// <summary>Tokens that can stand for a label name in grouping lists (keywords are label names there).</summary>
    public static bool CanBeLabel(this TokenKind k) =>
        k is TokenKind.Identifier or TokenKind.MetricIdentifier or TokenKind.And or TokenKind.Or or TokenKind.Unless or TokenKind.Atan2
            or TokenKind.Start or TokenKind.End || k.IsAggregator() || k.IsKeyword();

    /// <summary>Tokens that may name a metric at the start of an expression.</summary>
    public static bool CanBeMetricName(this TokenKind k) =>
        k is TokenKind.Identifier or TokenKind.MetricIdentifier or TokenKind.And or TokenKind.Or or TokenKind.Unless
            or TokenKind.By or TokenKind.Without or TokenKind.Offset or TokenKind.Start or TokenKind.End || k.IsAggregator();
}
