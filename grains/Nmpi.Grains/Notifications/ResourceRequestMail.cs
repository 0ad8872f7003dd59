namespace Nmpi.Grains.Notifications;

/// <summary>What the messages about a resource request say about the request itself.</summary>
/// <param name="RequestId">The request's id as users see it.</param>
/// <param name="Collab">The collab the resources are for.</param>
/// <param name="Title">The request's title as its requester wrote it.</param>
/// <param name="Requester">The user id of the requester.</param>
/// <param name="Amounts">What is asked for, per platform.</param>
public sealed record ResourceRequestMail(string RequestId, string Collab, string Title, string Requester, IReadOnlyList<RequestedAmount> Amounts);
