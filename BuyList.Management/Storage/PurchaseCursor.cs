using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace BuyList.Management.Storage;

/// <summary>
/// Where a page of a user's purchases ended: the last purchase's stored timestamp and id (the sort keys). Clients
/// get it as an opaque base64url token and hand it back unchanged; anything else is refused.
/// </summary>
public readonly record struct PurchaseCursor(DateTime Timestamp, string Id)
{
    private const int TicksLength = sizeof(long);

    /// <summary>Base64url of 8 bytes of ticks and at most <see cref="PurchaseRules.IdMaxLength"/> ASCII bytes of id.</summary>
    private const int MaxEncodedLength = (TicksLength + PurchaseRules.IdMaxLength + 2) / 3 * 4;

    public string Encode()
    {
        var bytes = new byte[TicksLength + Encoding.UTF8.GetByteCount(Id)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, Timestamp.Ticks);
        Encoding.UTF8.GetBytes(Id, bytes.AsSpan(TicksLength));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a token made by <see cref="Encode"/>; false for anything else (the exact encoding is required).</summary>
    public static bool TryDecode(string? token, [NotNullWhen(true)] out PurchaseCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxEncodedLength || !Base64Url.IsValid(token))
        {
            return false;
        }

        var bytes = Base64Url.DecodeFromChars(token);
        var ticks = bytes.Length > TicksLength ? BinaryPrimitives.ReadInt64BigEndian(bytes) : -1;
        if (ticks < 0 || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        var candidate = new PurchaseCursor(new DateTime(ticks, DateTimeKind.Utc), Encoding.UTF8.GetString(bytes, TicksLength, bytes.Length - TicksLength));
        // One token per position: padding, stray bits or bytes that are not UTF-8 would make a different string
        // decode to the same cursor, and so would not encode back to the token.
        cursor = PurchaseRules.IsValidId(candidate.Id) && string.Equals(candidate.Encode(), token, StringComparison.Ordinal) ? candidate : null;
        return cursor is not null;
    }
}
