using MetricsServer.Model.Labels;
using MetricsServer.Query.Ast;
using MetricsServer.Query.Parsing;

namespace MetricsServer.Web.Api;

/// <summary>
/// Parses the series selectors the API takes in <c>match[]</c> and <c>match_target</c> (<c>metric</c>,
/// <c>{a="b"}</c>, <c>metric{a!="b"}</c>) with the PromQL parser, and refuses anything that is not a plain
/// instant-vector selector, as Prometheus does.
/// </summary>
public static class SelectorParser
{
    public static Matcher[] Parse(string text, string parameter = "match[]")
    {
        Expr expr;
        try
        {
            expr = PromQLParser.Parse(text);
        }
        catch (PromQLParseException e)
        {
            throw new ApiError(ApiErrorType.BadData, $"invalid parameter \"{parameter}\": {e.Message}");
        }
        if (expr is not VectorSelector selector || selector.Offset != TimeSpan.Zero || selector.At.Kind != AtKind.None)
        {
            throw new ApiError(ApiErrorType.BadData, $"invalid parameter \"{parameter}\": 1:1: parse error: expected a series selector, got \"{text}\"");
        }
        return [.. selector.Matchers];
    }
}
