using BuyList.Management.Messaging;
using BuyList.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BuyList.Tests.Component.Management;

/// <summary>Management refuses to start with settings it cannot work with, rather than failing on the first message.</summary>
[Collection(HostStartupCollection.Name)]
public sealed class StartupTests
{
    [Theory]
    [InlineData("30000")]
    [InlineData("60000")]
    public void Management_refuses_to_start_when_a_dead_letter_delivery_could_outlast_a_write_attempt(string messageTimeoutMs)
    {
        using var factory = new ManagementFactory("127.0.0.1:9", new FakePurchaseStore(), runConsumer: false,
            settings: new Dictionary<string, string> { ["Kafka:Producer:MessageTimeoutMs"] = messageTimeoutMs });

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        var validation = Assert.IsType<OptionsValidationException>(HostStartupFailure.Flatten(error).FirstOrDefault(e => e is OptionsValidationException));
        Assert.Equal(typeof(PurchaseConsumerOptions), validation.OptionsType);
        Assert.Contains("Kafka:Producer:MessageTimeoutMs", validation.Message, StringComparison.Ordinal);
    }
}
