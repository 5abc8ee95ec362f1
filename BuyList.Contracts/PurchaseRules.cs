using System.Buffers;
using System.Text;
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

    /// <summary>
    /// A purchase's timestamp is UTC in whole milliseconds, as JSON clients (JavaScript's <c>Date</c>) and the store
    /// (BSON dates) hold it, so the time <c>POST /buy</c> answers is the time every later read shows.
    /// </summary>
    internal static readonly TimeSpan TimestampPrecision = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// What <see cref="IsValidUsername"/> refuses as not text, in the words of the username's error message and of the OpenAPI documents'
    /// description of the field, so the two say the same.
    /// </summary>
    internal const string TextRule =
        "not only spaces, without control characters (U+0000-U+001F, U+007F-U+009F), direction overrides or isolates (U+202A-U+202E, U+2066-U+2069), unpaired surrogates or noncharacters (U+FDD0-U+FDEF, and U+FFFE and U+FFFF of every plane)";

    /// <summary>
    /// <see cref="TextRule"/> as far as a JSON Schema <c>pattern</c> can say it alike in every regex engine: something
    /// that is not a space, and none of the refused characters of the Basic Multilingual Plane. Surrogates and the
    /// noncharacters of the other planes are left to the description (engines differ on surrogate pairs).
    /// </summary>
    internal const string TextPattern = @"^(?=.*\S)[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFDD0-\uFDEF\uFFFE\uFFFF]*$";

    public static readonly string UsernameMessage = Invariant(
        $"The username must be 1 to {UsernameMaxLength} characters (Unicode code points) of text, {TextRule}.");
    public static readonly string UserIdMessage = Invariant($"The user id must be 1 to {UserIdMaxLength} letters, digits or . _ @ -.");
    public static readonly string PriceMessage = Invariant($"The price must be more than 0 and at most {MaxPrice:N0}, with at most {PriceDecimals} decimals.");
    internal static readonly string IdMessage = Invariant($"The id must be 1 to {IdMaxLength} letters, digits or . _ @ -.");

    /// <summary>
    /// Text (<see cref="IsText"/>) of 1 to <see cref="UsernameMaxLength"/> code points, as JSON Schema's <c>maxLength</c>
    /// and most clients count: an emoji outside the Basic Multilingual Plane is one character, though two UTF-16 code units.
    /// </summary>
    public static bool IsValidUsername(string? username) =>
        !string.IsNullOrWhiteSpace(username) && username.Length <= 2 * UsernameMaxLength && IsText(username, out var codePoints)
        && codePoints <= UsernameMaxLength;

    /// <summary>
    /// Whether <paramref name="value"/> is text a person typed, and of how many code points: no C0 or C1 controls or DEL
    /// (they corrupt logs and terminals), no unpaired surrogates (JSON allows <c>\ud800</c>; such a string cannot be
    /// written as UTF-8), no bidirectional overrides or isolates (they make a name display as something else) and no
    /// noncharacters. Letters of every script, combining marks, emoji and joiners are text.
    /// </summary>
    private static bool IsText(string value, out int codePoints)
    {
        codePoints = 0;
        for (var i = 0; i < value.Length; codePoints++)
        {
            // An unpaired surrogate does not decode (InvalidData, or NeedMoreData at the end).
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != OperationStatus.Done || !IsTextCodePoint(rune.Value))
            {
                return false;
            }

            i += used;
        }

        return true;
    }

    // Noncharacters: U+FDD0-U+FDEF and the last two code points of every plane.
    private static bool IsTextCodePoint(int c) =>
        c is > 0x1F and not (>= 0x7F and <= 0x9F)
            and not (>= 0x202A and <= 0x202E) and not (>= 0x2066 and <= 0x2069)
            and not (>= 0xFDD0 and <= 0xFDEF)
        && (c & 0xFFFE) != 0xFFFE;

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
    public static IReadOnlyDictionary<string, string[]> Validate(string? username, string? userId, decimal? price) => Errors(
        ("username", IsValidUsername(username), UsernameMessage),
        ("userid", IsValidUserId(userId), UserIdMessage),
        ("price", price is { } value && IsValidPrice(value), PriceMessage));

    /// <summary>The message of each rule that does not hold, keyed by its field, in the order given; empty when all hold.</summary>
    internal static IReadOnlyDictionary<string, string[]> Errors(params ReadOnlySpan<(string Field, bool Holds, string Message)> rules)
    {
        // A loop over a span, not LINQ over an array: every POST /buy comes through here.
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, holds, message) in rules)
        {
            if (!holds)
            {
                errors[field] = [message];
            }
        }

        return errors;
    }

    // UserIdPattern as .NET must read it: there "$" also matches before a final "\n", which would let "ada\n" pass.
    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserIdRegex();
}
