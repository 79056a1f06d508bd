using System.Threading.Channels;

namespace MetricsServer.Discovery.Tests;

/// <summary>Bounded waits on channels: tests wait for what they expect, never for a fixed time.</summary>
internal static class ChannelTestExtensions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The next item, or a failed test when none comes within the timeout.</summary>
    public static async Task<T> ReadWithTimeoutAsync<T>(this ChannelReader<T> reader, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"nothing arrived on the channel within {timeout ?? DefaultTimeout}");
        }
    }

    /// <summary>Reads until an item satisfies <paramref name="predicate"/>, failing after the timeout.</summary>
    public static async Task<T> ReadUntilAsync<T>(this ChannelReader<T> reader, Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        T? last = default;
        try
        {
            while (true)
            {
                last = await reader.ReadAsync(cts.Token);
                if (predicate(last)) return last;
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"no matching item within {timeout ?? DefaultTimeout}; last was {last}");
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits for <paramref name="task"/> to finish, failing after the timeout.</summary>
    public static async Task WithTimeout(this Task task, TimeSpan? timeout = null) =>
        await task.WaitAsync(timeout ?? DefaultTimeout);

    /// <summary>The task's result, failing after the timeout.</summary>
    public static Task<T> WithTimeout<T>(this Task<T> task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? DefaultTimeout);
}
