namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary><c>clear</c>: forget everything loaded so far.</summary>
public sealed record ClearCommand(int Line) : ScriptCommand(Line);
