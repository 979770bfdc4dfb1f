namespace CalendarSync.Core.Connections;

/// <summary>An OAuth callback's <c>state</c> is not one we issued, has expired, or was used already. Nothing is stored.</summary>
public sealed class OAuthStateRejectedException : Exception
{
    public OAuthStateRejectedException()
        : this("The sign-in link is not valid. Start connecting the calendar again.")
    {
    }

    public OAuthStateRejectedException(string message)
        : base(message)
    {
    }

    public OAuthStateRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
