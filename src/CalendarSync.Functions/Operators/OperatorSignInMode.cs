namespace CalendarSync.Functions.Operators;

public enum OperatorSignInMode
{
    /// <summary>The function key, shown once as <c>?code=</c>, then a signed session cookie (<c>calsync serve</c>, whose key the app knows).</summary>
    FunctionKey,

    /// <summary>App Service authentication (Easy Auth) in front: its <c>X-MS-CLIENT-PRINCIPAL</c>, in the allowed group.</summary>
    EntraId,

    /// <summary>No operator pages: they answer 404.</summary>
    Off,
}
