namespace CalendarSync.Core.Connections;

/// <summary>What a signed token of <see cref="OAuthStateSigner"/> is for; one kind never verifies as the other.</summary>
public enum OAuthStatePurpose
{
    /// <summary>The OAuth <c>state</c> that travels through Google's consent to our callback.</summary>
    Consent,

    /// <summary>The connect link the appointment system hands a staff member.</summary>
    ConnectLink,
}
