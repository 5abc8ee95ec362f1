using System.ComponentModel.DataAnnotations;
using BuyList.Management.Messaging;
using BuyList.Management.Messaging.DeadLetters;
using BuyList.ServiceDefaults.Kafka;
using Microsoft.Extensions.Configuration;

namespace BuyList.Tests.Unit.Management;

/// <summary>The consumer's settings, their validation, and the one backoff (<see cref="PurchaseConsumerOptions.RetryDelay"/>, once RetryDelayTests).</summary>
public sealed class PurchaseConsumerOptionsTests
{
    private const int Samples = 1000;
    private static readonly PurchaseConsumerOptions s_backoff = new()
    {
        RetryInitialDelay = TimeSpan.FromMilliseconds(100),
        RetryMaxDelay = TimeSpan.FromSeconds(5),
    };

    /// <summary>Merged with the test that jitter spreads retries over the whole upper half.</summary>
    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(5, 1600)]
    [InlineData(6, 3200)]
    [InlineData(7, 5000)]
    [InlineData(1000, 5000)]
    public void Delay_doubles_up_to_the_cap_with_jitter_over_the_whole_upper_half(int attempt, int ceilingMs)
    {
        var delays = Enumerable.Range(0, Samples).Select(_ => s_backoff.RetryDelay(attempt).TotalMilliseconds).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, ceilingMs / 2.0, ceilingMs));
        // Uniform over the upper half: each eighth of it gets about 125 of the samples; fewer than 50 in one would
        // happen by chance far less than once in a billion runs.
        var eighths = delays.GroupBy(d => (int)((d - (ceilingMs / 2.0)) / (ceilingMs / 16.0))).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enumerable.Range(0, 8), eighth => Assert.True(eighths.GetValueOrDefault(eighth) >= 50, $"eighth {eighth}: {eighths.GetValueOrDefault(eighth)}"));
    }

    [Fact]
    public void Defaults_are_valid_and_match_the_shared_names_and_appsettings_carries_them_with_a_producer_message_timeout_that_fits_in_a_write_attempt_and_in_the_drain()
    {
        // Once two tests: the defaults, and appsettings.json.
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoPaths.Combine("BuyList.Management", "appsettings.json")).Build();

        var bound = configuration.GetSection(PurchaseConsumerOptions.SectionName).Get<PurchaseConsumerOptions>()!;
        var result = new DeadLetterTimeoutValidation(configuration).Validate(null, bound);

        var defaults = new PurchaseConsumerOptions();
        Assert.Empty(Validate(defaults));
        Assert.Equal(("purchases", "purchases.dlq", "purchase-group", 6), (defaults.Topic, defaults.DeadLetterTopic, defaults.ConsumerGroup, defaults.Partitions));
        Assert.Equal(
            (defaults.Topic, defaults.DeadLetterTopic, defaults.ConsumerGroup, defaults.Partitions, defaults.BatchSize, defaults.BatchWindow),
            (bound.Topic, bound.DeadLetterTopic, bound.ConsumerGroup, bound.Partitions, bound.BatchSize, bound.BatchWindow));
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal("10000", configuration[KafkaClientSettings.MessageTimeoutKey]);
    }

    [Theory]
    [InlineData(nameof(PurchaseConsumerOptions.Partitions), "0")]
    [InlineData(nameof(PurchaseConsumerOptions.Partitions), "1001")]
    [InlineData(nameof(PurchaseConsumerOptions.BatchSize), "0")]
    [InlineData(nameof(PurchaseConsumerOptions.Topic), "")]
    [InlineData(nameof(PurchaseConsumerOptions.Topic), "bad topic")]
    [InlineData(nameof(PurchaseConsumerOptions.ConsumerGroup), "")]
    [InlineData(nameof(PurchaseConsumerOptions.BatchWindow), "00:00:00")]
    [InlineData(nameof(PurchaseConsumerOptions.WriteTimeout), "00:10:00")]
    [InlineData(nameof(PurchaseConsumerOptions.DeadLetterTopic), "purchases")]
    [InlineData(nameof(PurchaseConsumerOptions.RetryInitialDelay), "00:05:00")]
    public void Out_of_range_settings_are_refused(string property, string value)
    {
        var options = Settings(property, value).Get<PurchaseConsumerOptions>()!;

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(property));
    }

    [Theory]
    [InlineData(null, "unset, so librdkafka's 300000 ms")]
    [InlineData("30000", "30000 ms")]
    [InlineData("15000", "15000 ms")]
    public void A_producer_message_timeout_not_shorter_than_a_write_attempt_and_the_drain_is_refused(string? messageTimeoutMs, string described)
    {
        var configuration = Settings(KafkaClientSettings.MessageTimeoutKey, messageTimeoutMs);

        // The defaults: a write attempt of 30 s, a drain of 15 s.
        var result = new DeadLetterTimeoutValidation(configuration).Validate(null, new PurchaseConsumerOptions());

        Assert.True(result.Failed);
        Assert.Contains($"Kafka:Producer:MessageTimeoutMs ({described}) must be shorter than Purchases:WriteTimeout (00:00:30) and Purchases:FinalAttemptTimeout (00:00:15)",
            result.FailureMessage, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(string key, string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

    private static List<ValidationResult> Validate(PurchaseConsumerOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
