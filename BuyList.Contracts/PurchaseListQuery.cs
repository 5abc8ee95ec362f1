using System.Diagnostics.CodeAnalysis;

namespace BuyList.Contracts;

/// <summary>
/// What a listing asks for (<c>GET /getAllUserBuys/{userid}</c> and Management's <c>GET /purchases/{userid}</c>):
/// whose purchases, how many, and from which cursor on.
/// </summary>
public sealed record PurchaseListQuery(string UserId, int Limit, string? Before)
{
    internal const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>Longer than any cursor Management returns, so only nonsense is refused before it is asked.</summary>
    internal const int MaxCursorLength = 512;

    /// <summary>The title of the problem that names the bad values.</summary>
    public const string InvalidTitle = "The listing request is not valid.";

    internal static readonly string LimitMessage = Invariant($"The limit must be a whole number from 1 to {MaxLimit}.");
    public static readonly string CursorMessage = $"The cursor must be the {PurchaseHttpHeaders.NextCursor} value of the previous page.";

    /// <summary>
    /// Reads the route's and query's values as given (strings, so a bad one is named rather than a bare 400), every
    /// bad one at once. Only whoever makes cursors can tell a real one: Management passes <paramref name="isCursor"/>,
    /// Facing leaves it to Management. The errors are keyed by <c>userid</c>, <c>limit</c>, <c>before</c>; empty when valid.
    /// </summary>
    public static bool TryParse(string? userId, string? limit, string? before,
        [NotNullWhen(true)] out PurchaseListQuery? query, out IReadOnlyDictionary<string, string[]> errors,
        Func<string, bool>? isCursor = null)
    {
        var pageSize = DefaultLimit;
        var isValidLimit = limit is null
            || (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) && pageSize is >= 1 and <= MaxLimit);
        errors = PurchaseRules.Errors(
            ("userid", PurchaseRules.IsValidUserId(userId), PurchaseRules.UserIdMessage),
            ("limit", isValidLimit, LimitMessage),
            ("before", before is null || (before.Length is > 0 and <= MaxCursorLength && isCursor?.Invoke(before) != false), CursorMessage));
        query = errors.Count == 0 ? new PurchaseListQuery(userId!, pageSize, before) : null;
        return query is not null;
    }
}
