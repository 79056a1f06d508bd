using MetricsServer.Model.Storage;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>What loading a script's data did: samples stored, histogram samples the head could not take yet, other rejects.</summary>
public sealed class LoadStats
{
    public int FloatSamples { get; internal set; }

    public int StaleMarkers { get; internal set; }

    /// <summary>Native histogram samples the head answered <see cref="AppendResult.Unsupported"/> for.</summary>
    public int HistogramsSkipped { get; internal set; }

    /// <summary><c>@st</c> values present in the scripts but not stored (the head has no start timestamps yet).</summary>
    public int StartTimestampsSkipped { get; internal set; }

    /// <summary>Samples rejected for another reason, by result, with the script line of the first one.</summary>
    public Dictionary<AppendResult, (int Count, int FirstLine)> Rejected { get; } = [];
}
