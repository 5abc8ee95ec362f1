using System.ComponentModel.DataAnnotations;
using BuyList.Contracts;

namespace BuyList.Facing.Purchases;

/// <summary>Where purchases are published and what a client is told when they cannot be (section <c>Purchases</c>).</summary>
public sealed class PurchasesOptions
{
    public const string Section = "Purchases";

    /// <summary>The Kafka topic of <see cref="PurchaseRecorded"/> events.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,249}$", ErrorMessage = "Purchases:Topic must be a Kafka topic name.")]
    public string Topic { get; set; } = PurchaseMessaging.Topic;

    /// <summary>The <c>Retry-After</c> of a 503, in seconds.</summary>
    [Range(1, 300)]
    public int RetryAfterSeconds { get; set; } = 5;
}

/// <summary>How long a listing may wait for Management (section <c>Management</c>).</summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>One attempt; a slow one is abandoned and retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>All attempts together: after this the client gets a 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
