namespace CalendarSync.Cli;

/// <summary>Finds the checkout the CLI runs from, where the pinned npm packages live.</summary>
internal static class RepositoryLocator
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CalendarSync.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            "calsync demo runs from a CalendarSync checkout (no CalendarSync.sln found above the current folder).");
    }
}
