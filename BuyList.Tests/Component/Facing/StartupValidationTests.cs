using BuyList.Facing.Listing;
using BuyList.Facing.Messaging;
using BuyList.ServiceDefaults.Hosting;
using BuyList.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BuyList.Tests.Component.Facing;

/// <summary>Facing refuses to start with settings it cannot work with, rather than failing on the first request.</summary>
[Collection(HostStartupCollection.Name)]
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Purchases:Topic", "no spaces allowed", typeof(PurchasesOptions))]
    [InlineData("Purchases:Topic", "", typeof(PurchasesOptions))]
    [InlineData("Purchases:RetryAfterSeconds", "0", typeof(PurchasesOptions))]
    [InlineData("Management:AttemptTimeout", "00:00:06", typeof(ManagementOptions))]
    [InlineData("Management:TotalTimeout", "00:10:00", typeof(ManagementOptions))]
    // DrainTimeoutValidation: the drain must outlast the producer's message timeout (10 s), or a purchase in flight
    // at SIGTERM is cut off without an answer; equal is not enough.
    [InlineData("Shutdown:DrainTimeout", "00:00:10", typeof(ShutdownOptions))]
    [InlineData("Kafka:Producer:MessageTimeoutMs", "25000", typeof(ShutdownOptions))]
    public async Task Invalid_options_stop_the_host_at_start_naming_the_setting(string key, string value, Type options)
    {
        await using var factory = new FacingFactory("127.0.0.1:9092", new Dictionary<string, string> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var validations = HostStartupFailure.Flatten(error).OfType<OptionsValidationException>().ToList();
        Assert.True(validations.Any(v => v.OptionsType == options && v.Message.Contains(key.Split(':')[^1], StringComparison.Ordinal)),
            $"Expected an invalid {options.Name} naming {key}; the start failed with: {error}");
    }
}
