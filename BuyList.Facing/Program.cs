using BuyList.Facing;
using BuyList.Facing.Buys;
using BuyList.ServiceDefaults;
using BuyList.ServiceDefaults.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFacingServices();

var app = builder.Build();

// The client's address (for the rate limit) from the trusted proxies' X-Forwarded-For only (Limits:TrustedProxies).
app.UseForwardedHeaders();
app.UseApiDefaults();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapBuysApi();

app.Run();
