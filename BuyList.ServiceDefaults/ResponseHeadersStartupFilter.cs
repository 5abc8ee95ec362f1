namespace BuyList.ServiceDefaults;

/// <summary>
/// <c>X-Content-Type-Options: nosniff</c> on every response, so a browser never runs a body as something other than
/// its declared type. First in the pipeline and set as the response starts, so the error pages of the middleware
/// after it, which clear the headers, carry it too.
/// </summary>
internal sealed class ResponseHeadersStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Response.OnStarting(static state =>
            {
                ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            }, context.Response);
            return nextMiddleware(context);
        });
        next(app);
    };
}
