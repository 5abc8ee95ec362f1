using System.Security.Cryptography;
using System.Text;

namespace BuyList.Contracts;

/// <summary>
/// How a purchase gets its id. An <c>Idempotency-Key</c> belongs to the user who sent it: the id is a UUIDv5
/// (RFC 9562) of the user id and the key, so a retry by that user is the same purchase and no other user's key can
/// name it. The namespace and the name's form never change: a retry that spans a release must find its purchase.
/// </summary>
public static class PurchaseIds
{
    /// <summary>The UUIDv5 namespace of purchase ids. Fixed for good: changing it would make every retry a new purchase.</summary>
    private static readonly Guid s_idempotencyKeyNamespace = new("ebf2558a-4464-4eb7-83e8-f4fbdb8bbe29");

    /// <summary>
    /// The id of <paramref name="userId"/>'s purchase made with <paramref name="idempotencyKey"/>: the UUIDv5 of
    /// <c>userid:key</c> in UTF-8 (neither may hold a colon, so no two pairs share a name).
    /// </summary>
    public static string FromIdempotencyKey(string userId, string idempotencyKey)
    {
        var name = new byte[16 + Encoding.UTF8.GetByteCount(userId) + 1 + Encoding.UTF8.GetByteCount(idempotencyKey)];
        s_idempotencyKeyNamespace.TryWriteBytes(name, bigEndian: true, out _);
        Encoding.UTF8.GetBytes($"{userId}:{idempotencyKey}", name.AsSpan(16));

        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(name, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true).ToString();
    }

    /// <summary>
    /// A key for a request that came without one, so the purchase's id is derived the same way and a client told to
    /// retry with this key (after an uncertain delivery) retries the same purchase.
    /// </summary>
    public static string NewIdempotencyKey(DateTimeOffset timestamp) => Guid.CreateVersion7(timestamp).ToString();
}
