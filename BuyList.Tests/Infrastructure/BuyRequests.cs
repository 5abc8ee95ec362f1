namespace BuyList.Tests.Infrastructure;

/// <summary><c>POST /buy</c> as a client sends it: the tests of Facing and of the pipeline share it.</summary>
internal static class BuyRequests
{
    /// <summary>
    /// Posts <paramref name="body"/> (sent as JSON, or as it is when it is already <see cref="HttpContent"/>) with
    /// <paramref name="headers"/> added unvalidated, as a client may send them; a name given twice sends two values.
    /// </summary>
    public static async Task<HttpResponseMessage> PostBuyAsync(this HttpClient client, object body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/buy") { Content = body as HttpContent ?? JsonContent.Create(body) };
        foreach (var (name, value) in headers)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"{name} cannot be sent as a request header.");
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
