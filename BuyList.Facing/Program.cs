using BuyList.Facing;
using BuyList.Facing.Purchases;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFacingServices();

var app = builder.Build();

// Whatever escapes a handler becomes a ProblemDetails without a stack trace; a bad request keeps its status (400, 413).
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
// Empty error answers (unknown route, wrong method) get a ProblemDetails body too.
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapPurchasesApi();

app.Run();
