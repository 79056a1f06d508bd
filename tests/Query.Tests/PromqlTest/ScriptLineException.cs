namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>A parse error at a 0-based line index, turned into a <see cref="ScriptParseException"/> by <see cref="TestScript"/>.</summary>
internal sealed class ScriptLineException(int line, string message, Exception? inner = null) : Exception(message, inner)
{
    public int Line { get; } = line;
}
