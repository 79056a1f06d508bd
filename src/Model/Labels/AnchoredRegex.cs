using System.Text.RegularExpressions;

namespace MetricsServer.Model.Labels;

/// <summary>
/// Compiles Prometheus's regular expressions: RE2 syntax, fully anchored, dot matching newlines.
/// .NET's non-backtracking engine accepts the RE2 subset (no backreferences or lookaround) and runs in linear time,
/// which is the guarantee RE2 gives. RE2's <c>(?P&lt;name&gt;</c> group syntax is translated to .NET's.
/// </summary>
public static class AnchoredRegex
{
    /// <summary>Compiles <paramref name="pattern"/> anchored at both ends.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid RE2 expression; the message says why.</exception>
    public static Regex Compile(string pattern) => Build("^(?:" + Translate(pattern) + ")$");

    /// <summary>Compiles <paramref name="pattern"/> unanchored, for functions that search rather than match.</summary>
    public static Regex CompileUnanchored(string pattern) => Build(Translate(pattern));

    private static Regex Build(string translated)
    {
        try
        {
            return new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"error parsing regexp: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"error parsing regexp: {e.Message}", e);
        }
    }

    private static string Translate(string pattern) =>
        pattern.Contains("(?P<", StringComparison.Ordinal) ? pattern.Replace("(?P<", "(?<", StringComparison.Ordinal) : pattern;
}
