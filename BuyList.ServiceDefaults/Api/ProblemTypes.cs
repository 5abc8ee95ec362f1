namespace BuyList.ServiceDefaults.Api;

/// <summary>
/// The <c>type</c> of every problem an API answers: the RFC section of its status. ASP.NET Core fills it for most
/// statuses but not 413 or 429, whose problems would otherwise have none; the OpenAPI examples use the same table.
/// </summary>
internal static class ProblemTypes
{
    /// <summary>The type of a problem with <paramref name="status"/>; null for a status no API answers.</summary>
    public static string? For(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        StatusCodes.Status404NotFound => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        StatusCodes.Status405MethodNotAllowed => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status415UnsupportedMediaType => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        StatusCodes.Status500InternalServerError => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        StatusCodes.Status503ServiceUnavailable => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => null,
    };
}
