namespace BuyList.Web.FacingApi;

/// <summary>Facing did not do what was asked; the page turns each kind into a message a person understands.</summary>
public abstract class FacingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Facing refused the input (400, 413, 415, 422). <see cref="Errors"/> is keyed as Facing names the fields:
/// <c>username</c>, <c>userid</c>, <c>price</c>, <c>Idempotency-Key</c>.
/// </summary>
public sealed class FacingRejectedException(IReadOnlyDictionary<string, string[]> errors, string? detail)
    : FacingException(detail ?? "Facing refused the request.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>What Facing said about the request as a whole, if anything.</summary>
    public string? Detail { get; } = detail;
}

/// <summary>
/// Facing, or Management behind it, could not be reached or answered that it is unavailable. The request can be
/// retried as it is (a purchase with the same Idempotency-Key is recorded once).
/// </summary>
public sealed class FacingUnavailableException(string message, Exception? inner = null) : FacingException(message, inner);
