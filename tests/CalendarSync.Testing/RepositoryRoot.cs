namespace CalendarSync.Testing;

/// <summary>The checkout's root folder, found from the test assembly's location.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CalendarSync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No CalendarSync.sln above {AppContext.BaseDirectory}: the tests run from inside the repository.");
    }
}
