using MetricsServer.Query.Ast;

namespace MetricsServer.Query.Parsing;

/// <summary>Entry point: parses and type-checks a PromQL expression.</summary>
public static class PromQLParser
{
    /// <summary>Parses <paramref name="query"/> into a type-checked tree.</summary>
    /// <exception cref="PromQLParseException">The query is not valid PromQL; the message says where and why, as Prometheus does.</exception>
    public static Expr Parse(string query, PromQLParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parser = new Parser(query, options ?? PromQLParserOptions.Default);
        return parser.ParseQuery();
    }

    /// <summary>Parses, and returns false with the error instead of throwing.</summary>
    public static bool TryParse(string query, out Expr? expr, out PromQLParseException? error, PromQLParserOptions? options = null)
    {
        try
        {
            expr = Parse(query, options);
            error = null;
            return true;
        }
        catch (PromQLParseException e)
        {
            expr = null;
            error = e;
            return false;
        }
    }
}
