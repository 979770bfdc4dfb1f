namespace CalendarSync.Functions.Operators;

/// <summary>How operators sign in to the operator pages (<c>Operator__SignIn</c>, <c>Operator__AllowedGroupId</c>).</summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";

    public OperatorSignInMode SignIn { get; set; } = OperatorSignInMode.FunctionKey;

    /// <summary>With <see cref="OperatorSignInMode.EntraId"/>: the object id of the Entra group whose members may operate.</summary>
    public string? AllowedGroupId { get; set; }
}
