namespace Nmpi.Gateway.Errors;

/// <summary>The machine-readable reasons the gateway puts in google.rpc.ErrorInfo (domain nmpi.v1).</summary>
public static class ErrorReasons
{
    public const string Domain = "nmpi.v1";

    public const string InvalidArgumentField = "INVALID_ARGUMENT_FIELD";
    public const string JobNotFound = "JOB_NOT_FOUND";
    public const string CommentNotFound = "COMMENT_NOT_FOUND";
    public const string OutputNotFound = "OUTPUT_NOT_FOUND";
    public const string CollabNotFound = "COLLAB_NOT_FOUND";
    public const string InvalidTransition = "INVALID_TRANSITION";
    public const string StaleLease = "STALE_LEASE";
    public const string RequestIdReused = "REQUEST_ID_REUSED";
    public const string LimitExceeded = "LIMIT_EXCEEDED";
    public const string RateLimited = "RATE_LIMITED";
    public const string OutputTooLarge = "OUTPUT_TOO_LARGE";
    public const string CodeStorageFull = "CODE_STORAGE_FULL";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string WrongCredentialKind = "WRONG_CREDENTIAL_KIND";
    public const string NoPassword = "NO_PASSWORD";
    public const string SignInThrottled = "SIGN_IN_THROTTLED";
    public const string SignInBusy = "SIGN_IN_BUSY";
    public const string SigningKeyNotFound = "SIGNING_KEY_NOT_FOUND";
    public const string SigningKeyCurrent = "SIGNING_KEY_CURRENT";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string AdapterNotRegistered = "ADAPTER_NOT_REGISTERED";
    public const string AdapterNotFound = "ADAPTER_NOT_FOUND";
    public const string ArtifactMissing = "ARTIFACT_MISSING";
    public const string CodeBundleNotFound = "CODE_BUNDLE_NOT_FOUND";
    public const string NoCodeBundle = "NO_CODE_BUNDLE";
    public const string ProviderKeyNotFound = "PROVIDER_KEY_NOT_FOUND";
    public const string ProviderKeyEnded = "PROVIDER_KEY_ENDED";
    public const string ProviderKeyRotated = "PROVIDER_KEY_ROTATED";
    public const string UserNotFound = "USER_NOT_FOUND";
    public const string UserExists = "USER_EXISTS";
    public const string CollabExists = "COLLAB_EXISTS";
    public const string LastAdministrator = "LAST_ADMINISTRATOR";
    public const string PrivateCollab = "PRIVATE_COLLAB";
    public const string NoEmail = "NO_EMAIL";
    public const string EmailVerified = "EMAIL_VERIFIED";
    public const string MailOff = "MAIL_OFF";
    public const string EmailVerificationThrottled = "EMAIL_VERIFICATION_THROTTLED";
    public const string ClusterUnavailable = "CLUSTER_UNAVAILABLE";
    public const string IdentityProviderUnavailable = "IDENTITY_PROVIDER_UNAVAILABLE";
    public const string Internal = "INTERNAL";
    public const string QuotaExhausted = "QUOTA_EXHAUSTED";
    public const string ResourceRequestNotFound = "RESOURCE_REQUEST_NOT_FOUND";
    public const string ReadOnly = "READ_ONLY";
    public const string StatisticsBusy = "STATISTICS_BUSY";
}
