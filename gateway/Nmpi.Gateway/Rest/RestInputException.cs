using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Rest;

/// <summary>Malformed request input, answered 422 with FastAPI's <c>{"detail": [{loc, msg, type}]}</c> by the REST endpoints' filter.</summary>
public sealed class RestInputException : Exception
{
    /// <summary>The location of query parameters in FastAPI's <c>loc</c>.</summary>
    public const string Query = "query";

    /// <summary>The location of the request body in FastAPI's <c>loc</c>.</summary>
    public const string Body = "body";

    public RestInputException()
        : this(Body, [])
    {
    }

    public RestInputException(string message)
        : this(Body, [new FieldViolation("", message)])
    {
    }

    public RestInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Location = Body;
        Violations = [new FieldViolation("", message)];
    }

    public RestInputException(string location, IReadOnlyList<FieldViolation> violations)
        : base($"{violations?.Count ?? 0} malformed {location} field(s)")
    {
        Location = location;
        Violations = violations ?? [];
    }

    /// <summary><see cref="Query"/> or <see cref="Body"/>.</summary>
    public string Location { get; }

    /// <summary>The malformed fields, each named.</summary>
    public IReadOnlyList<FieldViolation> Violations { get; }
}
