using System.Runtime.InteropServices;

namespace MetricsServer.Tsdb;

/// <summary>
/// Hard links, which .NET has no managed API for: <c>link(2)</c> from libc on Unix. Where a link cannot be made
/// (another file system, Windows) the file is copied, so a snapshot always succeeds, only bigger.
/// </summary>
internal static class HardLink
{
    /// <summary>Recreates the directory tree <paramref name="source"/> at <paramref name="destination"/>, every file linked or copied.</summary>
    public static void CreateTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            CreateTree(dir, Path.Combine(destination, Path.GetFileName(dir)));
        }
        foreach (var file in Directory.EnumerateFiles(source))
        {
            Create(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }

    /// <summary>Makes <paramref name="link"/> another name of <paramref name="existing"/>, or a copy of it when that is impossible.</summary>
    public static void Create(string existing, string link)
    {
        if (!OperatingSystem.IsWindows() && TryLink(existing, link)) return;
        File.Copy(existing, link);
    }

    private static bool TryLink(string existing, string link)
    {
        try
        {
            return Native.link(CString(existing), CString(link)) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>A NUL-terminated UTF-8 path: byte arrays are pinned and passed as they are, with no string marshalling.</summary>
    private static byte[] CString(string path)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int link(byte[] oldpath, byte[] newpath);
    }
}
