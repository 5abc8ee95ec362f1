using BuyList.Contracts;
using BuyList.Management.Storage;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace BuyList.Tests.Unit.Management;

public sealed class PurchaseDocumentTests
{
    private static readonly Purchase s_purchase = new(
        "p-1", "Ada", "user-1", 19.99m, new DateTimeOffset(2025, 3, 4, 12, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567));

    /// <summary>Merged with the test that the document read back from BSON is the purchase at millisecond precision.</summary>
    [Fact]
    public void Document_is_keyed_by_purchase_id_with_an_exact_decimal_price_and_a_utc_timestamp_and_reads_back_as_the_purchase_in_milliseconds()
    {
        var storedAt = new DateTime(2025, 3, 4, 10, 30, 16, DateTimeKind.Utc);

        var bson = PurchaseDocument.From(s_purchase, storedAt).ToBsonDocument();

        Assert.Equal(["_id", "username", "userid", "price", "timestamp", "storedAt"], bson.Names);
        Assert.Equal("p-1", bson["_id"].AsString);
        Assert.Equal("Ada", bson["username"].AsString);
        Assert.Equal("user-1", bson["userid"].AsString);
        Assert.Equal(BsonType.Decimal128, bson["price"].BsonType);
        Assert.Equal(19.99m, bson["price"].AsDecimal);
        Assert.Equal(BsonType.DateTime, bson["timestamp"].BsonType);
        // 12:30 at +02:00 is 10:30 UTC; BSON dates keep milliseconds.
        Assert.Equal(new DateTime(2025, 3, 4, 10, 30, 15, 123, DateTimeKind.Utc), bson["timestamp"].ToUniversalTime());
        Assert.Equal(storedAt, bson["storedAt"].ToUniversalTime());
        // Large prices keep every cent too.
        Assert.Equal(Decimal128.Parse("999999.99"), PurchaseDocument.From(s_purchase with { Price = PurchaseRules.MaxPrice - 0.01m }, storedAt).ToBsonDocument()["price"].AsDecimal128);

        var purchase = BsonSerializer.Deserialize<PurchaseDocument>(bson).ToPurchase();

        Assert.Equal(s_purchase with { Timestamp = new DateTimeOffset(2025, 3, 4, 10, 30, 15, 123, TimeSpan.Zero) }, purchase);
        Assert.Equal(TimeSpan.Zero, purchase.Timestamp.Offset);
    }

    [Theory]
    [InlineData("_id")]
    [InlineData("username")]
    [InlineData("userid")]
    [InlineData("price")]
    [InlineData("timestamp")]
    [InlineData("storedAt")]
    public void A_document_missing_a_field_is_refused_rather_than_read_as_zero_or_null(string field)
    {
        var bson = PurchaseDocument.From(s_purchase, DateTime.UtcNow).ToBsonDocument();
        bson.Remove(field);

        var error = Assert.Throws<FormatException>(() => BsonSerializer.Deserialize<PurchaseDocument>(bson));

        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }
}
