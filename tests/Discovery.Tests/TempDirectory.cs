namespace MetricsServer.Discovery.Tests;

/// <summary>A fresh directory under the temp path, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ms-discovery-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes atomically (temporary name, then rename), so a watcher never sees a half-written file.</summary>
    public string Write(string name, string content)
    {
        var target = File(name);
        var temp = target + ".tmp-" + Guid.NewGuid().ToString("N");
        System.IO.File.WriteAllText(temp, content);
        System.IO.File.Move(temp, target, overwrite: true);
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory does not fail a test.
        }
    }
}
