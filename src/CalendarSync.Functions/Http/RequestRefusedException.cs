using Microsoft.AspNetCore.Http;

namespace CalendarSync.Functions.Http;

/// <summary>
/// A request the caller must fix, found at the HTTP edge (a body that is not the JSON asked for, a query value given twice):
/// <see cref="Field"/> names the part that is wrong, <see cref="Status"/> is the answer's (400, or 413 for a body too large).
/// </summary>
public sealed class RequestRefusedException : Exception
{
    public RequestRefusedException()
    {
    }

    public RequestRefusedException(string message)
        : base(message)
    {
    }

    public RequestRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RequestRefusedException(string field, string message, int status = StatusCodes.Status400BadRequest)
        : base(message)
    {
        Field = field;
        Status = status;
    }

    public string? Field { get; }

    public int Status { get; } = StatusCodes.Status400BadRequest;
}
