// The function app's app settings and its App Service authentication, as functions of plain
// values: function.bicep calls them with the deployment's values, and the infra tests evaluate
// them offline (bicep build-params) for every shape, PostgreSQL or Table Storage, operator sign-in
// configured or not. No type declarations here: they would move the templates to languageVersion 2.0.

// Operator pages are signed in with Entra ID only when both the app registration and the allowed
// group are given: a client id without a group would let every user of the tenant in.
func operatorSignInConfigured(operator object) bool => !empty(operator.clientId) && !empty(operator.allowedGroupId)

func appointmentDataSettings(appointmentData object) object =>
  appointmentData.provider == 'PostgreSql'
    ? {
        AppointmentData__Provider: 'PostgreSql'
        // No password: the app signs in with an Entra token of its managed identity (AZURE_CLIENT_ID),
        // whose database role is named after the identity.
        AppointmentData__ConnectionString: 'Host=${appointmentData.host};Database=${appointmentData.database};Username=${appointmentData.username};Ssl Mode=Require'
        AppointmentData__MigrateOnStart: 'true'
      }
    : {}

// Off makes the operator pages answer 404: without App Service authentication in front of the app
// nothing strips a caller's own X-MS-CLIENT-PRINCIPAL header, so the app must not read it.
func operatorSettings(operator object) object =>
  operatorSignInConfigured(operator)
    ? {
        Operator__SignIn: 'EntraId'
        Operator__AllowedGroupId: operator.allowedGroupId
      }
    : {
        Operator__SignIn: 'Off'
      }

@export()
@description('''Every app setting of the function app. app holds identityClientId, blobServiceUri, queueServiceUri,
tableServiceUri, applicationInsightsConnectionString, hostName, googleClientId, enablePushNotifications,
syncSchedule, businessTimeZone, conflictPolicy, tokensKeyVaultUri, configKeyVaultUri, googleClientSecretName,
oauthStateSigningKeysSecretName, appointmentData { provider, host, database, username } and
operator { clientId, allowedGroupId }.''')
func appSettings(app object) object =>
  union(
    {
      // FUNCTIONS_WORKER_RUNTIME is not set: Flex Consumption takes the runtime from functionAppConfig
      // and rejects the setting. AzureWebJobsStorage has no connection string, only identity settings.
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: app.identityClientId
      AzureWebJobsStorage__blobServiceUri: app.blobServiceUri
      AzureWebJobsStorage__queueServiceUri: app.queueServiceUri
      AzureWebJobsStorage__tableServiceUri: app.tableServiceUri
      // The app's one credential (tables, queues, Key Vault, Application Insights, PostgreSQL) picks the user-assigned identity by this id.
      AZURE_CLIENT_ID: app.identityClientId
      AZURE_FUNCTIONS_ENVIRONMENT: 'Production'
      APPLICATIONINSIGHTS_CONNECTION_STRING: app.applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${app.identityClientId}'
      SYNC_SCHEDULE: app.syncSchedule
      PURGE_SCHEDULE: '0 30 3 * * *'
      // The .NET GC's gen0 budget, 16 MB (hexadecimal): collections come sooner, and a 50,000-event first import peaks
      // at about 150 MB instead of 235 MB (docs/benchmarks.md). An environment variable; the runtime reads it at start.
      DOTNET_GCgen0size: '0x1000000'
      // The GC compacts sooner to keep the heap small (0 to 9): a 50,000-event first import on Table Storage peaks at
      // 180 MB instead of 201 to 208 MB, about as fast (docs/benchmarks.md).
      DOTNET_GCConserveMemory: '7'

      Google__ClientId: app.googleClientId
      Google__ClientSecret: '@Microsoft.KeyVault(SecretUri=${app.configKeyVaultUri}secrets/${app.googleClientSecretName}/)'
      Google__RedirectUri: 'https://${app.hostName}/api/calendar/oauth/callback'
      // Empty turns push off; the five-minute sweep still syncs.
      Google__NotificationUri: app.enablePushNotifications ? 'https://${app.hostName}/api/calendar/notifications' : ''
      Google__ApiRootUri: 'https://www.googleapis.com/'
      Google__RequestTimeout: '00:00:30'
      Google__Retry__MaxAttempts: '4'
      Google__Retry__BaseDelay: '00:00:01'
      Google__Retry__MaxDelay: '00:00:30'
      Google__AuthorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth'
      Google__TokenEndpoint: 'https://oauth2.googleapis.com/token'
      Google__RevokeEndpoint: 'https://oauth2.googleapis.com/revoke'

      KeyVault__VaultUri: app.tokensKeyVaultUri
      KeyVault__CacheLifetime: '00:15:00'

      OAuthState__SigningKeys: '@Microsoft.KeyVault(SecretUri=${app.configKeyVaultUri}secrets/${app.oauthStateSigningKeysSecretName}/)'
      OAuthState__Lifetime: '00:10:00'
      OAuthState__LinkLifetime: '01:00:00'

      Sync__WindowPastDays: '30'
      Sync__WindowFutureDays: '365'
      Sync__ConflictPolicy: app.conflictPolicy
      Sync__InvitationsBlock: 'Any'
      Sync__MassDeleteMaxShare: '0.5'
      Sync__MassDeleteMinimum: '20'
      Sync__LeaseDuration: '00:05:00'
      Sync__DeferDelay: '00:00:30'
      Sync__SweepPageSize: '500'
      Sync__SweepMessageSize: '16'
      Sync__SweepMessageParallelism: '4'
      Sync__SweepMessageStartWindow: '00:01:00'
      Sync__RunTimeBudget: '00:04:00'
      Sync__UsageLimitPause: '03:00:00'
      Sync__PageSize: '250'
      Sync__SyncLogRetentionDays: '30'
      Sync__TombstoneRetentionDays: '90'
      Sync__ItemHistoryRetentionDays: '90'
      Sync__BusinessTimeZone: app.businessTimeZone
      Events__Visibility: 'Private'
      Events__RerenderPerRun: '200'
      Events__Appointment__Summary: 'Appointment'
      Events__Appointment__Description: ''
      Events__Appointment__ColorId: ''
      Events__Appointment__Reminders: 'Default'
      Events__Block__Summary: '{summary}'
      Events__Block__Description: ''
      Events__Block__ColorId: ''
      Events__Block__Reminders: 'Default'
      Events__Exception__Summary: 'Unavailable'
      Events__Exception__Description: '{reason}'
      Events__Exception__ColorId: ''
      Events__Exception__Reminders: 'Default'
      Events__Closure__Summary: 'Closed: {name}'
      Events__Closure__Description: ''
      Events__Closure__ColorId: ''
      Events__Closure__Reminders: 'Default'
      Push__TimeToLive: '7.00:00:00'
      Push__RenewWithin: '01:00:00'
      Push__MaxPerSweep: '500'
    },
    appointmentDataSettings(app.appointmentData),
    operatorSettings(app.operator)
  )

@export()
@description('''App Service authentication (authsettingsV2) of the function app. operator holds clientId (the app
registration) and allowedGroupId; issuer is the tenant's OpenID issuer, https://login.microsoftonline.com/<tenant>/v2.0.''')
func authSettings(operator object, issuer string) object => {
  platform: {
    enabled: operatorSignInConfigured(operator)
  }
  // Nothing is required at the door: the connect pages, the OAuth callback and Google's push
  // notifications are anonymous, the data API has function keys. A signed-in operator's request
  // carries X-MS-CLIENT-PRINCIPAL, and the operator functions refuse a request without it.
  globalValidation: {
    requireAuthentication: false
    unauthenticatedClientAction: 'AllowAnonymous'
  }
  httpSettings: {
    requireHttps: true
  }
  // The session cookie is enough to sign an operator in; nothing calls an API with their tokens.
  login: {
    tokenStore: {
      enabled: false
    }
  }
  identityProviders: operatorSignInConfigured(operator)
    ? {
        azureActiveDirectory: {
          enabled: true
          // No client secret: sign-in returns an ID token (the registration allows ID token issuance),
          // which is all the pages need.
          registration: {
            clientId: operator.clientId
            openIdIssuer: issuer
          }
          validation: {
            allowedAudiences: [
              operator.clientId
            ]
            // A signed-in user outside the group, or a token without the group claim, gets 403.
            defaultAuthorizationPolicy: {
              allowedPrincipals: {
                groups: [
                  operator.allowedGroupId
                ]
              }
            }
          }
        }
      }
    : {}
}
