using System.Collections.Concurrent;
using System.Text;
using BuyList.Facing.Listing;

namespace BuyList.Tests.Component.Facing;

/// <summary>
/// Management's HTTP API as a delegate behind the typed client's primary handler, so service discovery and the
/// resilience handler still run as in production; records the address of every request it gets.
/// </summary>
public sealed class FakeManagement(Func<CancellationToken, Task<HttpResponseMessage>>? respond = null) : HttpMessageHandler
{
    private readonly ConcurrentQueue<Uri> _requests = new();

    public IReadOnlyCollection<Uri> Requests => _requests;

    /// <summary>Facing (<see cref="FacingApp"/>) listing from this Management.</summary>
    public FacingApp StartFacing(IReadOnlyDictionary<string, string>? settings = null) =>
        FacingApp.Start(settings, services => services.AddHttpClient<ManagementClient>().ConfigurePrimaryHttpMessageHandler(() => this));

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string? nextCursor = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (nextCursor is not null)
        {
            response.Headers.Add("X-Next-Cursor", nextCursor);
        }

        return response;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request.RequestUri!);
        return respond?.Invoke(cancellationToken) ?? Task.FromResult(Json(HttpStatusCode.OK, "[]")); // by default, an empty listing
    }
}
