namespace MetricsServer.Model.Storage;

/// <summary>Something samples can be written to. Thread-safe: each caller gets its own appender.</summary>
public interface IAppendable
{
    /// <summary>Starts a new batch. The appender must end with <see cref="IAppender.Commit"/> or <see cref="IAppender.Rollback"/>.</summary>
    IAppender Appender();
}
