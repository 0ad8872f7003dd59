namespace Nmpi.GrainInterfaces.Code;

/// <summary>The answer to a reservation: whether the room was granted, what the area held before it, and the area's limit.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.StorageReservation")]
public sealed record StorageReservation(
    [property: Id(0)] bool Granted,
    [property: Id(1)] long Used,
    [property: Id(2)] long Limit);
