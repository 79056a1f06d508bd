namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>A malformed test script; the message starts with <c>file:line:</c>.</summary>
public sealed class ScriptParseException : Exception
{
    public ScriptParseException(string file, int line, string reason, Exception? inner = null)
        : base($"{file}:{line}: {reason}", inner)
    {
        File = file;
        ScriptLine = line;
        Reason = reason;
    }

    public ScriptParseException() : this("<script>", 0, "invalid script")
    {
    }

    public ScriptParseException(string message) : this("<script>", 0, message)
    {
    }

    public ScriptParseException(string message, Exception inner) : this("<script>", 0, message, inner)
    {
    }

    public string File { get; }

    public int ScriptLine { get; }

    public string Reason { get; }
}
