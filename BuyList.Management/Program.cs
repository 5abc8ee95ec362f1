using BuyList.Management;
using BuyList.Management.Purchases;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddManagementServices();

var app = builder.Build();

app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapPurchasesApi();

app.Run();
