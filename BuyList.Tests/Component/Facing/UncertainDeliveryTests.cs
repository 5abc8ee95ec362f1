using BuyList.Contracts;
using BuyList.Tests.Component.Contract;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;

namespace BuyList.Tests.Component.Facing;

/// <summary>
/// When the delivery report cannot say whether the broker kept the purchase (it timed out in flight), the client
/// hears 503 and is told the key to retry with, which Management's store-by-id makes safe. The mock broker cannot
/// lose an acknowledgement on cue, so a producer that reports exactly that stands in for Kafka. Each 503 is held to the
/// OpenAPI document too (what was OpenApiConformanceTests' "a purchase the broker did not take is a documented 503").
/// </summary>
public sealed class UncertainDeliveryTests
{
    [Theory]
    [InlineData("client-key-7")]
    [InlineData(null)]
    public async Task A_possibly_persisted_purchase_gets_503_naming_the_key_to_retry_with(string? idempotencyKey)
    {
        await using var app = FacingApp.Start(services: services => services.AddSingleton(_ => FakeProducer.Create(message =>
            Task.FromException<DeliveryResult<string, byte[]>>(new ProduceException<string, byte[]>(
                new Error(ErrorCode.Local_MsgTimedOut),
                new DeliveryResult<string, byte[]> { Message = message, Status = PersistenceStatus.PossiblyPersisted })))));
        using var metrics = new FacingMeters(app.Services);
        using var response = await app.Client.PostBuyAsync(new { username = "Ada", userid = "ada-1", price = 10 },
            idempotencyKey is null ? [] : [("Idempotency-Key", idempotencyKey)]);

        var problem = await Problems.ReadAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await OpenApiContract.Facing.AssertConformsAsync(response, "post", "/buy");
        // Without a key of its own the client is given one: retried with it, the purchase keeps its id.
        var key = problem.GetProperty("idempotencyKey").GetString()!;
        Assert.Equal(idempotencyKey ?? key, key);
        Assert.Equal(PurchaseIds.FromIdempotencyKey("ada-1", key), problem.GetProperty("purchaseId").GetString());
        Assert.Contains($"Idempotency-Key: {key}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, metrics.Rejected.GetMeasurementSnapshot().Tagged("reason", "broker_unavailable").EvaluateAsCounter());
        Assert.Single(metrics.PublishDuration.GetMeasurementSnapshot().Tagged("outcome", "possibly_persisted"));
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_that_reveals_nothing()
    {
        await using var app = FacingApp.Start(
            new Dictionary<string, string> { ["environment"] = "Production" },
            services => services.AddSingleton(_ => FakeProducer.Create(_ =>
                throw new InvalidOperationException("secret internals at /srv/facing"))));
        Assert.True(app.Services.GetRequiredService<IHostEnvironment>().IsProduction());

        using var response = await app.Client.PostAsJsonAsync("/buy", new { username = "Ada", userid = "ada-1", price = 10 },
            TestContext.Current.CancellationToken);

        await Problems.ReadAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
