using MetricsServer.Model.Storage;
using MetricsServer.Query.Engine;
using MetricsServer.Query.Parsing;
using AstValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>Runs one script query through <see cref="PromQLEngine"/> and adapts the answer to <see cref="ActualResult"/>.</summary>
internal static class EngineRunner
{
    // The scripts assume Prometheus's test engine: delayed name removal and type and unit labels on.
    private static readonly PromQLEngine Engine = new(new EngineOptions
    {
        Timeout = TimeSpan.FromSeconds(20),
        EnableDelayedNameRemoval = true,
        EnableTypeAndUnitLabels = true,
    });

    public static ActualResult Run(IQueryableStorage storage, string expr, bool isRange, long startMs, long endMs, long stepMs)
    {
        try
        {
            var parsed = PromQLParser.Parse(expr, PromQLParserOptions.AllFeatures);
            var result = isRange
                ? Engine.Range(storage, parsed, startMs, endMs, stepMs, CancellationToken.None)
                : Engine.Instant(storage, parsed, startMs, CancellationToken.None);
            return Adapt(result);
        }
        catch (PromQLParseException e)
        {
            return ActualResult.Failed(e.Message);
        }
        catch (PromQLEvalException e)
        {
            return ActualResult.Failed(e.Message);
        }
        catch (ArgumentException e)
        {
            return ActualResult.Failed(e.Message);
        }
#pragma warning disable CA1031 // An engine crash is one failed eval, reported with its type, not the end of the run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return ActualResult.Failed($"engine crashed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static ActualResult Adapt(QueryResult result)
    {
        var adapted = result.Type switch
        {
            AstValueType.Scalar => ActualResult.OfScalar(result.Scalar),
            AstValueType.String => ActualResult.OfString(result.String ?? string.Empty),
            AstValueType.Matrix => ActualResult.OfMatrix([.. result.Matrix.Select(s => new ActualSeries(s.Metric, [.. s.Floats.Select(p => new ActualPoint(p.T, p.F))]))]),
            _ => ActualResult.OfVector([.. result.Vector.Select(s => new ActualSeries(s.Metric, [new ActualPoint(s.T, s.F)]))]),
        };
        return adapted with { Warnings = result.Warnings, Infos = result.Infos };
    }
}
