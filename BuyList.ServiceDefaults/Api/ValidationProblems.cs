using Microsoft.AspNetCore.Http.HttpResults;

namespace BuyList.ServiceDefaults.Api;

/// <summary>How every BuyList API refuses input: one ProblemDetails with <c>errors</c> keyed by the field that is wrong.</summary>
public static class ValidationProblems
{
    /// <param name="errors">The messages per field (JSON member, route or query value, or header name).</param>
    /// <param name="title">What was refused, e.g. "The purchase is not valid."</param>
    public static ProblemHttpResult Create(IEnumerable<KeyValuePair<string, string[]>> errors, string title) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = title });
}
