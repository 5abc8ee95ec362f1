using BuyList.Facing;
using BuyList.Facing.Buys;
using BuyList.Facing.Limits;
using BuyList.ServiceDefaults;
using BuyList.ServiceDefaults.Api;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFacingServices();

var app = builder.Build();

// The client's address (for the rate limit) from the trusted proxies' X-Forwarded-For only (Limits:TrustedProxies).
app.UseForwardedHeaders();
app.UseApiDefaults();
// Off, the middleware would still take a no-op lease and record its metrics for every request (4% of Facing's CPU
// samples in docs/performance.md); the limit is read once at start, as the policy did.
if (app.Services.GetRequiredService<IOptions<RequestLimitsOptions>>().Value.RateLimitEnabled)
{
    app.UseRateLimiter();
}

app.MapDefaultEndpoints();
app.MapBuysApi();

app.Run();
