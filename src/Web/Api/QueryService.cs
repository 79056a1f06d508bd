using MetricsServer.Model.Storage;
using MetricsServer.Query.Engine;

namespace MetricsServer.Web.Api;

/// <summary>
/// Runs queries for the API: at most <c>--query.max-concurrency</c> at once (the rest wait their turn), each bounded
/// by <c>--query.timeout</c> (or a shorter <c>timeout</c> parameter) and cancelled when its client goes away.
/// Evaluation runs on the thread pool, off the request thread.
/// </summary>
public sealed class QueryService : IDisposable
{
    private readonly PromQLEngine _engine;
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _clock;

    public QueryService(PromQLEngine engine, IQueryableStorage storage, int maxConcurrency, TimeSpan timeout, TimeProvider clock)
    {
        _engine = engine;
        Storage = storage;
        _slots = new SemaphoreSlim(Math.Max(1, maxConcurrency));
        _timeout = timeout;
        _clock = clock;
    }

    public IQueryableStorage Storage { get; }

    public long NowMs() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<QueryResult> RunAsync(Func<PromQLEngine, CancellationToken, QueryResult> query, TimeSpan? timeout, CancellationToken aborted)
    {
        var limit = timeout is { } t && t < _timeout && t > TimeSpan.Zero ? t : _timeout;
        using var deadline = new CancellationTokenSource(limit, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, aborted);
        try
        {
            await _slots.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            throw deadline.IsCancellationRequested ? Timeout() : Canceled();
        }
        try
        {
            var token = linked.Token;
            return await Task.Run(() => query(_engine, token), CancellationToken.None);
        }
        catch (PromQLEvalException e)
        {
            if (deadline.IsCancellationRequested || e.Kind == PromQLEvalErrorKind.Timeout) throw Timeout();
            if (e.Kind == PromQLEvalErrorKind.Canceled) throw Canceled();
            throw new ApiError(ApiErrorType.Execution, e.Message);
        }
        catch (OperationCanceledException)
        {
            throw deadline.IsCancellationRequested ? Timeout() : Canceled();
        }
        finally
        {
            _slots.Release();
        }
    }

    private static ApiError Timeout() => new(ApiErrorType.Timeout, "query timed out in query execution");

    private static ApiError Canceled() => new(ApiErrorType.Canceled, "query was canceled in query execution");

    public void Dispose() => _slots.Dispose();
}
