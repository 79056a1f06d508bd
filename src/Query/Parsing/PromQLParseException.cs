using System.Text;
using MetricsServer.Query.Ast;

namespace MetricsServer.Query.Parsing;

/// <summary>
/// A PromQL parse or type-check error. <see cref="Message"/> reads as Prometheus's does:
/// <c>1:5: parse error: unexpected &lt;op:*&gt;</c>, where line and column are counted in UTF-8 bytes from 1, as
/// Prometheus counts them. <see cref="Reason"/> is the message without the position prefix.
/// </summary>
public sealed class PromQLParseException : Exception
{
    public PromQLParseException()
        : this("parse error", default, string.Empty)
    {
    }

    public PromQLParseException(string message)
        : this(message, default, string.Empty)
    {
    }

    public PromQLParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        Query = string.Empty;
    }

    public PromQLParseException(string reason, PositionRange position, string query)
        : base(Format(reason, position, query))
    {
        Reason = reason;
        Position = position;
        Query = query;
    }

    /// <summary>What was wrong, without the position prefix.</summary>
    public string Reason { get; }

    /// <summary>Where in the query (character offsets).</summary>
    public PositionRange Position { get; }

    public string Query { get; }

    private static string Format(string reason, PositionRange position, string query)
    {
        var pos = position.Start;
        if (pos < 0 || pos > query.Length) return "invalid position: parse error: " + reason;
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < pos; i++)
        {
            if (query[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        var col = Encoding.UTF8.GetByteCount(query.AsSpan(lineStart, pos - lineStart)) + 1;
        return $"{line}:{col}: parse error: {reason}";
    }
}
