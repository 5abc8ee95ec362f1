using System.Text.RegularExpressions;
using static System.FormattableString;

namespace BuyList.Contracts;

/// <summary>
/// The rules a purchase must meet, shared by Facing's validation, the Web form and the event contract,
/// so the three can never disagree.
/// </summary>
public static partial class PurchaseRules
{
    public const int UsernameMaxLength = 100;
    public const int UserIdMaxLength = 64;
    public const int IdMaxLength = 64;
    public const decimal MaxPrice = 1_000_000m;
    public const int PriceDecimals = 2;
    public const string UserIdPattern = "^[A-Za-z0-9._@-]{1,64}$";

    /// <summary>
    /// A purchase's timestamp is UTC in whole milliseconds, as JSON clients (JavaScript's <c>Date</c>) and the store
    /// (BSON dates) hold it, so the time <c>POST /buy</c> answers is the time every later read shows.
    /// </summary>
    public static readonly TimeSpan TimestampPrecision = TimeSpan.FromMilliseconds(1);

    public static readonly string UsernameMessage = Invariant($"The username must be 1 to {UsernameMaxLength} characters.");
    public static readonly string UserIdMessage = Invariant($"The user id must be 1 to {UserIdMaxLength} letters, digits or . _ @ -.");
    public static readonly string PriceMessage = Invariant($"The price must be more than 0 and at most {MaxPrice:N0}, with at most {PriceDecimals} decimals.");
    public static readonly string IdMessage = Invariant($"The id must be 1 to {IdMaxLength} letters, digits or . _ @ -.");

    public static bool IsValidUsername(string? username) =>
        !string.IsNullOrWhiteSpace(username) && username.Length <= UsernameMaxLength;

    public static bool IsValidUserId(string? userId) => userId is not null && UserIdRegex().IsMatch(userId);

    public static bool IsValidId(string? id) => IsValidUserId(id);

    public static bool IsValidPrice(decimal price) =>
        price > 0 && price <= MaxPrice && decimal.Round(price, PriceDecimals) == price;

    /// <summary><paramref name="time"/> as a purchase's timestamp: UTC, cut to <see cref="TimestampPrecision"/>.</summary>
    public static DateTimeOffset ToTimestamp(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimestampPrecision.Ticks));
    }

    /// <summary>The field errors of a purchase, keyed by the JSON field name; empty when valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(string? username, string? userId, decimal? price)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsValidUsername(username))
        {
            errors["username"] = [UsernameMessage];
        }

        if (!IsValidUserId(userId))
        {
            errors["userid"] = [UserIdMessage];
        }

        if (price is not { } value || !IsValidPrice(value))
        {
            errors["price"] = [PriceMessage];
        }

        return errors;
    }

    // UserIdPattern as .NET must read it: there "$" also matches before a final "\n", which would let "ada\n" pass.
    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserIdRegex();
}
