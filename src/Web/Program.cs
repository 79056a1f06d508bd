namespace MetricsServer.Web;

/// <summary>Entry point; the composition root grows here.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        _ = args;
        return 0;
    }
}
