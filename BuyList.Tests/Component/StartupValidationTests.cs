using BuyList.Facing.Listing;
using BuyList.Facing.Messaging;
using BuyList.Management.Messaging;
using BuyList.ServiceDefaults.Hosting;
using BuyList.Web.FacingApi;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace BuyList.Tests.Component;

/// <summary>
/// Each service refuses settings it cannot work with at start, naming the setting, rather than failing on the first
/// request or message. Merges Facing's StartupValidationTests, FacingTimeoutTests' "invalid timeouts stop the Web at
/// start" and ManagementStartupTests' dead-letter timeout test; Management's rule table is PurchaseConsumerOptionsTests.
/// </summary>
[Collection(HostStartupCollection.Name)]
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("facing", "Purchases:Topic", "no spaces allowed", typeof(PurchasesOptions))]
    [InlineData("facing", "Purchases:Topic", "", typeof(PurchasesOptions))]
    [InlineData("facing", "Purchases:RetryAfterSeconds", "0", typeof(PurchasesOptions))]
    [InlineData("facing", "Management:AttemptTimeout", "00:00:06", typeof(ManagementOptions))]
    [InlineData("facing", "Management:TotalTimeout", "00:10:00", typeof(ManagementOptions))]
    // DrainTimeoutValidation: the drain must outlast the producer's message timeout (10 s), or a purchase in flight
    // at SIGTERM is cut off without an answer; equal is not enough.
    [InlineData("facing", "Shutdown:DrainTimeout", "00:00:10", typeof(ShutdownOptions))]
    [InlineData("facing", "Kafka:Producer:MessageTimeoutMs", "25000", typeof(ShutdownOptions))]
    [InlineData("web", "Facing:AttemptTimeout", "00:00:16", typeof(FacingOptions))] // over half the circuit breaker's 30 s sampling
    [InlineData("web", "Facing:TotalTimeout", "00:00:10", typeof(FacingOptions))] // not longer than the 12 s attempt
    [InlineData("web", "Facing:TotalTimeout", "00:05:00", typeof(FacingOptions))]
    [InlineData("management", "Kafka:Producer:MessageTimeoutMs", "30000", typeof(PurchaseConsumerOptions))] // a dead letter could outlast a write attempt
    public async Task Invalid_options_stop_the_service_at_start_naming_the_setting(string service, string key, string value, Type options)
    {
        var settings = new Dictionary<string, string> { [key] = value };

        var error = await (service switch
        {
            "facing" => StartFailureAsync(new FacingFactory("127.0.0.1:9092", settings)),
            "web" => StartFailureAsync(new WebFactory(settings)),
            _ => StartFailureAsync(new ManagementFactory("127.0.0.1:9", new FakePurchaseStore(), runConsumer: false, settings: settings)),
        });

        var validations = HostStartupFailure.Flatten(error).OfType<OptionsValidationException>().ToList();
        Assert.True(validations.Any(v => v.OptionsType == options && v.Message.Contains(key.Split(':')[^1], StringComparison.Ordinal)),
            $"Expected an invalid {options.Name} naming {key}; the start failed with: {error}");
    }

    private static async Task<Exception> StartFailureAsync<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        await using (factory)
        {
            return Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        }
    }
}
