namespace Nmpi.Grains.Notifications;

/// <summary>The amount of one platform's resources a request asks for, in that platform's units.</summary>
public sealed record RequestedAmount(string Platform, double Value, string Units);
