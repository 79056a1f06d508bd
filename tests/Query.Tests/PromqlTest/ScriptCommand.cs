namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>One command of a test script; <see cref="Line"/> is the 1-based line of its first line.</summary>
public abstract record ScriptCommand(int Line);
