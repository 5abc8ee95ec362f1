using BuyList.Management;
using BuyList.Management.Purchases;
using BuyList.ServiceDefaults;
using BuyList.ServiceDefaults.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddManagementServices();

var app = builder.Build();

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapPurchasesApi();

app.Run();
