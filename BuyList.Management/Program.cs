using BuyList.Management;
using BuyList.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddManagementServices();

var app = builder.Build();
if (args is [DeadLetterRedrive.Command, .. var options])
{
    // An operator's command with the service's configuration; it starts no server (docs/reliability.md).
    Environment.ExitCode = await DeadLetterRedrive.RunCommandAsync(app, options);
    return;
}

app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapPurchasesApi();

app.Run();
