namespace BuyList.Tests.Infrastructure;

public static class Directories
{
    /// <summary>Copies <paramref name="source"/> with everything in it to <paramref name="destination"/> (a scratch copy to edit).</summary>
    public static void Copy(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }
}

/// <summary>A scratch folder of a test's own under the temporary folder, deleted with everything in it when disposed.</summary>
public sealed class ScratchDirectory(string prefix) : IDisposable
{
    public string FullName { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose() => Directory.Delete(FullName, recursive: true);
}
