namespace CalendarSync.Core.Connections;

/// <summary>What a signed token of <see cref="OAuthStateSigner"/> is for; one kind never verifies as the other.</summary>
public enum OAuthStatePurpose
{
    /// <summary>The OAuth <c>state</c> that travels through Google's consent to our callback.</summary>
    Consent,

    /// <summary>The connect link the appointment system hands a staff member.</summary>
    ConnectLink,

    /// <summary>An operator's signed-in session on the operator pages (the cookie set after the function key was shown once).</summary>
    OperatorSession,

    /// <summary>The anti-forgery token in each form of the operator pages, bound to the operator's session.</summary>
    OperatorAction,
}
