using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Connections;

/// <summary>
/// A Google account's address, as the appointment system names it and as Google answers it (a primary calendar's id):
/// checked when it comes in, compared without regard to case, and shown or logged only partly masked.
/// </summary>
public static class AccountAddress
{
    /// <summary>RFC 5321's longest path, less the angle brackets.</summary>
    public const int MaxLength = 254;

    /// <summary>The address, trimmed; <see cref="DomainValidationException"/> for anything that is not one.</summary>
    public static string Validate(string? address)
    {
        var trimmed = address?.Trim() ?? "";
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        if (trimmed.Length is 0 or > MaxLength || at <= 0 || at != trimmed.LastIndexOf('@') || at == trimmed.Length - 1
            || !trimmed[(at + 1)..].Contains('.', StringComparison.Ordinal) || trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new DomainValidationException("email", "email must be the staff member's Google account address, such as jane@example.com.");
        }

        return trimmed;
    }

    /// <summary>Google treats an address's case as insignificant; so do we.</summary>
    public static bool Same(string? left, string? right) =>
        left is not null && right is not null && string.Equals(left.Trim(), right.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Enough of the address for its owner to recognise it and for nobody else to learn it: the first letter of the
    /// mailbox, the domain's first letter and its last label (<c>jane.doe@example.com</c> → <c>j***@e***.com</c>).
    /// </summary>
    public static string Mask(string? address)
    {
        var at = address?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (address is null || at <= 0 || at == address.Length - 1)
        {
            return "***";
        }

        var domain = address[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        var maskedDomain = dot <= 0 ? domain[0] + "***" : domain[0] + "***" + domain[dot..];
        return $"{address[0]}***@{maskedDomain}";
    }
}
