using BuyList.Facing;
using BuyList.Facing.Buys;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFacingServices();

var app = builder.Build();

app.UseApiDefaults();
app.UseRequestLimits();
app.MapDefaultEndpoints();
app.MapBuysApi();

app.Run();
