using BuyList.Management.Storage;

namespace BuyList.Tests.Unit.Management;

public sealed class PurchaseCursorTests
{
    [Fact]
    public void Cursor_survives_a_round_trip()
    {
        var cursor = new PurchaseCursor(new DateTime(2025, 3, 4, 10, 30, 15, 123, DateTimeKind.Utc), "0f8fad5b-d9cb-469f-a165-70867728950e");

        var token = cursor.Encode();

        Assert.True(PurchaseCursor.TryDecode(token, out var decoded));
        Assert.Equal(cursor, decoded);
        Assert.Equal(DateTimeKind.Utc, decoded.Value.Timestamp.Kind);
        Assert.Matches("^[A-Za-z0-9_-]+$", token); // base64url without padding
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

    [Fact]
    public void The_cursor_of_the_test_tokens_decodes()
    {
        Assert.True(PurchaseCursor.TryDecode("CN0p9zwxQABhYmM", out var cursor));
        Assert.Equal(new PurchaseCursor(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), "abc"), cursor);
    }
}
