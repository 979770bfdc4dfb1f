namespace CalendarSync.Core.Domain;

/// <summary>The id rule every staff and item id follows, so that adapters can use ids in storage keys unchanged.</summary>
public static class ItemId
{
    public const int MaxLength = 128;

    /// <summary>1 to 128 characters of ASCII letters, digits, '-', '_' and '.': nothing a table key, URL or log line must escape.</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The id, if valid; else a refusal naming the field <c>staffId</c> for a staff id (<paramref name="what"/> "staff"), else <c>id</c>.</summary>
    public static string Validate(string? id, string what) =>
        IsValid(id)
            ? id!
            : throw new DomainValidationException(
                what == "staff" ? "staffId" : "id",
                $"The {what} id '{PlainText.Excerpt(id)}' is not valid: use 1 to {MaxLength} characters of letters, digits, '-', '_' or '.'.");
}
