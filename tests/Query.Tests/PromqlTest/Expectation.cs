using System.Text.RegularExpressions;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>One <c>expect</c> line. <see cref="Text"/> is set for <see cref="MessageMatch.Exact"/> and <see cref="MessageMatch.Regex"/>.</summary>
public sealed record Expectation(ExpectationKind Kind, MessageMatch Match, string? Text, int Line)
{
    /// <summary>Whether <paramref name="message"/> satisfies this line. A regex matches anywhere in the message, as Go's MatchString does.</summary>
    public bool Matches(string message) => Match switch
    {
        MessageMatch.Exact => string.Equals(message, Text, StringComparison.Ordinal),
        MessageMatch.Regex => Regex.IsMatch(message, Text!, RegexOptions.None, TimeSpan.FromSeconds(1)),
        _ => true,
    };

    public override string ToString() => Match switch
    {
        MessageMatch.Exact => $"expect {Kind} msg: {Text}",
        MessageMatch.Regex => $"expect {Kind} regex: {Text}",
        _ => $"expect {Kind}",
    };
}
