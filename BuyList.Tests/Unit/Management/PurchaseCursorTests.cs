using BuyList.Management.Storage;

namespace BuyList.Tests.Unit.Management;

public sealed class PurchaseCursorTests
{
    /// <summary>Merged with the test that the cursor of the tokens below decodes.</summary>
    [Theory]
    [InlineData("2025-03-04T10:30:15.123Z", "0f8fad5b-d9cb-469f-a165-70867728950e", null)]
    [InlineData("2025-01-01T00:00:00Z", "abc", "CN0p9zwxQABhYmM")]
    public void Cursor_survives_a_round_trip(string timestamp, string id, string? token)
    {
        var cursor = new PurchaseCursor(DateTime.Parse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), id);

        var encoded = cursor.Encode();

        Assert.True(PurchaseCursor.TryDecode(encoded, out var decoded));
        Assert.Equal(cursor, decoded);
        Assert.Equal(DateTimeKind.Utc, decoded.Value.Timestamp.Kind);
        Assert.Matches("^[A-Za-z0-9_-]+$", encoded); // base64url without padding
        Assert.Equal(token ?? encoded, encoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("AAAAAAAAAAA")] // eight zero bytes and a bit: no id
    [InlineData("AAAAAAAAAAA=")] // padding
    [InlineData("gAAAAAAAAABhYmM")] // negative ticks
    [InlineData("AAAAAAAAAAAg")] // the id is a space
    [InlineData("AAAAAAAAAAD_")] // the id is not UTF-8
    [InlineData("CN0p9zwxQABhYmM=")] // another encoding of the same bytes: CN0p9zwxQABhYmM ("abc" at 2025-01-01) padded
    [InlineData("CN0p9zwxQABhYmN")] // that cursor with an unused low bit set
    [InlineData("CN0p9zwxQABhYmMA")] // that cursor with a character more
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // overlong: refused before decoding
    public void Garbage_and_other_encodings_are_not_a_cursor(string token)
    {
        Assert.False(PurchaseCursor.TryDecode(token, out _));
    }
}
