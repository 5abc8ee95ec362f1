namespace BuyList.Tests.Infrastructure;

/// <summary>Where things are in the checkout the tests were built from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The files git tracks under <paramref name="paths"/>, relative to the root.</summary>
    public static async Task<string[]> TrackedFilesAsync(params string[] paths)
    {
        var git = Requires.Tool("git", "apt-get install git");
        var tracked = (await ProcessRunner.RunAsync(git, ["ls-files", "-z", "--", .. paths])).Succeeded();
        return tracked.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BuyList.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("BuyList.sln not found above the test binaries.");
    }
}
