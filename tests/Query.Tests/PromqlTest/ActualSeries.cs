using MetricsServer.Model.Labels;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>A result series: one point for an instant vector, one per step that has a value for a matrix.</summary>
public sealed record ActualSeries(LabelSet Labels, IReadOnlyList<ActualPoint> Points);
