namespace BuyList.Web;

/// <summary>
/// The page's Content-Security-Policy: scripts, styles, images and the Blazor connection (a WebSocket to this same
/// origin) from this origin only; no inline script or style, no plugins, no framing by other sites. The page keeps to
/// it: its scripts and styles are files, there is no import map (it would be an inline script; the page loads no JS
/// modules), and the reconnect display is the page's own markup (Blazor's default one injects a style element).
/// </summary>
public static class ContentSecurityPolicy
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>
    /// Sets the policy on every response as it starts: registered first, this runs after any other start callback,
    /// so Blazor's own <c>frame-ancestors</c> header cannot replace it.
    /// </summary>
    public static IApplicationBuilder UseContentSecurityPolicy(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.ContentSecurityPolicy = Policy;
                return Task.CompletedTask;
            });
            return next(context);
        });
}
