using System.Globalization;
using MetricsServer.Query.Ast;

namespace MetricsServer.Query.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// Adds a warning about <paramref name="at"/>, ending with Prometheus's <c> (line:col)</c> of that sub-expression.
    /// Annotations form a set: the same text raised at every step of a range query is reported once.
    /// </summary>
    private void Warn(string text, Expr at) => AddAnnotation(_warnings, text, at);

    /// <summary>Adds an info annotation about <paramref name="at"/>; see <see cref="Warn"/>.</summary>
    private void Info(string text, Expr at) => AddAnnotation(_infos, text, at);

    private static void AddAnnotation(List<string> list, string text, Expr at)
    {
        // Positions are offsets into the query text; a query written on one line is the case the engine sees
        // (the HTTP API and rules pass single expressions), so the column is the offset plus one.
        var full = string.Create(CultureInfo.InvariantCulture, $"{text} (1:{at.Position.Start + 1})");
        if (!list.Contains(full)) list.Add(full);
    }

    private void WarnBadQuantile(double q, Expr at)
    {
        if (q is >= 0 and <= 1) return;
        Warn(string.Create(CultureInfo.InvariantCulture, $"PromQL warning: quantile value should be between 0 and 1, got {FormatFloat(q)}"), at);
    }

    /// <summary>Formats a float as Go's strconv 'g' with shortest representation, as Prometheus's messages do.</summary>
    private static string FormatFloat(double f) => f switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(f) => "NaN",
        _ => f.ToString("R", CultureInfo.InvariantCulture),
    };
}
