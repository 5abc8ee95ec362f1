using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuyList.ServiceDefaults.Api;

/// <summary>How every BuyList API refuses input: one ProblemDetails with <c>errors</c> keyed by the field that is wrong.</summary>
public static class ValidationProblems
{
    /// <inheritdoc cref="Create"/>
    public static HttpValidationProblemDetails Details(IEnumerable<KeyValuePair<string, string[]>> errors, string title, int status = StatusCodes.Status400BadRequest) =>
        new(errors.ToDictionary()) { Status = status, Title = title };

    /// <param name="errors">The messages per field (JSON member, route or query value, or header name).</param>
    /// <param name="title">What was refused, e.g. "The purchase is not valid."</param>
    /// <param name="status">400, or 413 / 415 when the body as a whole is refused.</param>
    public static ProblemHttpResult Create(IEnumerable<KeyValuePair<string, string[]>> errors, string title, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(Details(errors, title, status));
}
