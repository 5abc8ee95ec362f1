using System.ComponentModel.DataAnnotations;
using BuyList.Management.Messaging;
using BuyList.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace BuyList.Tests.Management;

public sealed class PurchasesOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_match_the_shared_names()
    {
        var options = new PurchasesOptions();

        Assert.Empty(Validate(options));
        Assert.Equal(("purchases", "purchases.dlq", "purchase-group", 6), (options.Topic, options.DeadLetterTopic, options.ConsumerGroup, options.Partitions));
    }

    [Fact]
    public void Appsettings_carries_the_same_defaults()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(RepoPaths.Combine("BuyList.Management", "appsettings.json"))
            .Build();

        var bound = configuration.GetSection(PurchasesOptions.SectionName).Get<PurchasesOptions>()!;

        var defaults = new PurchasesOptions();
        Assert.Equal(
            (defaults.Topic, defaults.DeadLetterTopic, defaults.ConsumerGroup, defaults.Partitions, defaults.BatchSize, defaults.BatchWindow),
            (bound.Topic, bound.DeadLetterTopic, bound.ConsumerGroup, bound.Partitions, bound.BatchSize, bound.BatchWindow));
    }

    [Theory]
    [InlineData(nameof(PurchasesOptions.Partitions), "0")]
    [InlineData(nameof(PurchasesOptions.Partitions), "1001")]
    [InlineData(nameof(PurchasesOptions.BatchSize), "0")]
    [InlineData(nameof(PurchasesOptions.Topic), "")]
    [InlineData(nameof(PurchasesOptions.Topic), "bad topic")]
    [InlineData(nameof(PurchasesOptions.ConsumerGroup), "")]
    [InlineData(nameof(PurchasesOptions.BatchWindow), "00:00:00")]
    [InlineData(nameof(PurchasesOptions.WriteTimeout), "00:10:00")]
    [InlineData(nameof(PurchasesOptions.DeadLetterTopic), "purchases")]
    [InlineData(nameof(PurchasesOptions.RetryInitialDelay), "00:05:00")]
    public void Out_of_range_settings_are_refused(string property, string value)
    {
        var options = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [property] = value })
            .Build()
            .Get<PurchasesOptions>()!;

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(property));
    }

    private static List<ValidationResult> Validate(PurchasesOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
