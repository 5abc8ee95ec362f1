using System.Text.Json;
using System.Text.Json.Serialization;
using Confluent.Kafka;

namespace BuyList.Bench;

/// <summary>
/// The two reference points Facing is measured against, both minimal APIs taking the same body and answering the
/// same 201 shape:
/// <list type="bullet">
/// <item><c>ceiling</c>: HTTP and JSON only, nothing durable, on the slim builder: the most this machine serves at all;</item>
/// <item><c>plain</c>: the plain durable endpoint, a minimal API as the template makes it (<c>CreateBuilder</c>):
/// <c>await ProduceAsync</c> with acks=all, the idempotent producer and linger.ms=0, 201 only after the delivery report.
/// No validation, telemetry or logging beyond the defaults.</item>
/// </list>
/// </summary>
internal static class ReferenceEndpoints
{
    private const string Topic = "purchases";

    public static async Task<int> RunAsync(IConfiguration options, bool durable)
    {
        var builder = durable ? WebApplication.CreateBuilder() : WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options["Urls"] ?? "http://127.0.0.1:5310");
        // The log levels of the templates' (and Facing's) appsettings.json: per-request framework logs are Information.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ReferenceJsonContext.Default));
        var app = builder.Build();

        if (durable)
        {
            var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
            {
                BootstrapServers = options["Kafka"] ?? throw new InvalidOperationException("--Kafka <bootstrap servers> is required."),
                Acks = Acks.All,
                EnableIdempotence = true,
                LingerMs = 0,
            }).Build();
            app.Lifetime.ApplicationStopped.Register(producer.Dispose);
            app.MapPost("/buy", async (BuyBody body) =>
            {
                var purchase = Receipt.For(body);
                var message = new Message<string, byte[]>
                {
                    Key = body.UserId,
                    Value = JsonSerializer.SerializeToUtf8Bytes(purchase.Purchase, ReferenceJsonContext.Default.Purchased),
                };
                try
                {
                    await producer.ProduceAsync(Topic, message);
                }
                catch (ProduceException<string, byte[]>)
                {
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }

                return TypedResults.Created($"/getAllUserBuys/{Uri.EscapeDataString(body.UserId)}", purchase);
            });
        }
        else
        {
            app.MapPost("/buy", (BuyBody body) =>
                TypedResults.Created($"/getAllUserBuys/{Uri.EscapeDataString(body.UserId)}", Receipt.For(body)));
        }

        await app.StartAsync();
        try
        {
            await Task.Delay(Lifetime.Max(options), app.Lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            // Ended by a signal.
        }

        await app.StopAsync();
        return 0;
    }
}

internal sealed record BuyBody(string Username, [property: JsonPropertyName("userid")] string UserId, decimal Price);

internal sealed record Purchased(string Id, string Username, [property: JsonPropertyName("userid")] string UserId, decimal Price, DateTimeOffset Timestamp);

internal sealed record Receipt(string Message, Purchased Purchase)
{
    public static Receipt For(BuyBody body) =>
        new("Purchase recorded", new Purchased(Guid.CreateVersion7().ToString(), body.Username, body.UserId, body.Price, DateTimeOffset.UtcNow));
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BuyBody))]
[JsonSerializable(typeof(Receipt))]
internal sealed partial class ReferenceJsonContext : JsonSerializerContext;
