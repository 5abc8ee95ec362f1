using System.Text.RegularExpressions;

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

    public const string UsernameMessage = "The username must be 1 to 100 characters.";
    public const string UserIdMessage = "The user id must be 1 to 64 letters, digits or . _ @ -.";
    public const string PriceMessage = "The price must be more than 0 and at most 1,000,000, with at most 2 decimals.";
    public const string IdMessage = "The id must be 1 to 64 letters, digits or . _ @ -.";

    public static bool IsValidUsername(string? username) =>
        !string.IsNullOrWhiteSpace(username) && username.Length <= UsernameMaxLength;

    public static bool IsValidUserId(string? userId) => userId is not null && UserIdRegex().IsMatch(userId);

    public static bool IsValidId(string? id) => IsValidUserId(id);

    public static bool IsValidPrice(decimal price) =>
        price > 0 && price <= MaxPrice && decimal.Round(price, PriceDecimals) == price;

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
