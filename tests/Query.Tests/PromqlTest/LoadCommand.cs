namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// <c>load &lt;step&gt;</c> or <c>load_with_nhcb &lt;step&gt;</c>. Sample i of each series is at i × <see cref="Step"/>.
/// <see cref="StartTimestamps"/> holds the <c>@st</c> lines: per step, the start timestamp relative to the sample's
/// time, in ms (experimental; stored for the engine, not loaded yet).
/// </summary>
public sealed record LoadCommand(int Line, TimeSpan Step, bool WithNhcb, IReadOnlyList<LoadSeries> Series, IReadOnlyList<LoadSeries> StartTimestamps)
    : ScriptCommand(Line);
