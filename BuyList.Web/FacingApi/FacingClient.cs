using System.Net;
using System.Text.Json;
using Polly;

namespace BuyList.Web.FacingApi;

/// <summary>Typed HttpClient over Facing; turns every failure into a <see cref="FacingException"/> the page can show.</summary>
public sealed partial class FacingClient(HttpClient http, ILogger<FacingClient> logger) : IFacingClient
{
    public async Task<Purchase> BuyAsync(BuyRequest purchase, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "buy") { Content = JsonContent.Create(purchase, PurchaseApiJsonContext.Default.BuyRequest) };
        request.Headers.Add(PurchaseHttpHeaders.IdempotencyKey, idempotencyKey);
        var created = await SendAsync(request, "POST /buy",
            response => response.Content.ReadFromJsonAsync(PurchaseApiJsonContext.Default.PurchaseCreated, cancellationToken), cancellationToken);
        return created.Purchase;
    }

    public async Task<PurchasePage> GetPurchasesAsync(string userId, int limit, string? before, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new PurchaseListQuery(userId, limit, before).ToRelativeUri("getAllUserBuys"));
        return await SendAsync<PurchasePage>(request, "GET /getAllUserBuys",
            async response => await response.ReadPurchasePageAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Sends <paramref name="request"/> and reads a successful answer with <paramref name="read"/>; <paramref name="route"/> names it in the logs, without its values.</summary>
    private async Task<T> SendAsync<T>(HttpRequestMessage request, string route, Func<HttpResponseMessage, Task<T?>> read, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        // Refused connections, timeouts and an open circuit all mean the same to a person: not now, try again.
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnreachable(logger, route, ex);
            throw new FacingUnavailableException("Facing could not be reached.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ToExceptionAsync(response, route, cancellationToken);
            }

            try
            {
                return await read(response) ?? throw new JsonException("The body is null.");
            }
            catch (JsonException ex)
            {
                LogUnreadableAnswer(logger, route, (int)response.StatusCode, ex);
                throw new FacingUnavailableException("Facing answered something the page cannot read.", ex);
            }
        }
    }

    private async Task<FacingException> ToExceptionAsync(HttpResponseMessage response, string route, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge
            or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity)
        {
            LogRejected(logger, route, status);
            HttpValidationProblemDetails? problem = null;
            try
            {
                problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(cancellationToken);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                // Not a ProblemDetails body (a proxy's HTML page, an empty answer): the status code alone decides.
            }

            return new FacingRejectedException(
                problem?.Errors is { } errors ? new Dictionary<string, string[]>(errors, StringComparer.OrdinalIgnoreCase) : [],
                problem?.Detail ?? problem?.Title);
        }

        LogUnavailable(logger, route, status);
        return new FacingUnavailableException($"Facing answered {status}.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Facing could not be reached for {Route}")]
    private static partial void LogUnreachable(ILogger logger, string route, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Facing answered {Route} with an unreadable body (status {Status})")]
    private static partial void LogUnreadableAnswer(ILogger logger, string route, int status, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Facing refused {Route} with status {Status}")]
    private static partial void LogRejected(ILogger logger, string route, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Facing answered {Route} with status {Status}")]
    private static partial void LogUnavailable(ILogger logger, string route, int status);
}
