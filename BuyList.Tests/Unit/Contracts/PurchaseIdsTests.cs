using BuyList.Contracts;

namespace BuyList.Tests.Unit.Contracts;

/// <summary>Purchase ids derived from (user id, Idempotency-Key): stable across releases, and one user's key never names another's purchase.</summary>
public sealed class PurchaseIdsTests
{
    // Computed once with another implementation of RFC 9562 (Python's uuid.uuid5 of "userid:key" in the namespace): a
    // change to the namespace or the name's form would turn every retry spanning a release into a second purchase.
    [Theory]
    [InlineData("ada-1", "key-1", "3360c433-445d-50bc-ae29-6bfac83a68d7")]
    [InlineData("bob-2", "key-1", "aeb39e64-c40e-5929-8147-3d4882d1b558")]
    [InlineData("ada-1", "4f1b7c3e-0d2a-4e5f-9a8b-1c2d3e4f5a6b", "2fdb8cf9-2dfe-5a3e-ac14-b2a7cd281e7c")]
    public void The_id_is_the_UUIDv5_of_the_user_and_the_key(string userId, string key, string id)
    {
        Assert.Equal(id, PurchaseIds.FromIdempotencyKey(userId, key));
        Assert.True(PurchaseRules.IsValidId(id));
    }
}
