namespace BuyList.Contracts;

/// <summary>
/// A purchase's timestamp in one form everywhere, the event and every answer: RFC 3339 in UTC with <c>Z</c> and
/// exactly three fraction digits (<c>2025-05-01T12:00:00.310Z</c>), the form JavaScript's <c>Date</c> writes and
/// every client parses. Read in any ISO 8601 form, so events written before (<c>.31+00:00</c>) still read.
/// </summary>
public sealed class PurchaseTimestampConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary><see cref="Format"/> as a JSON Schema <c>pattern</c>.</summary>
    internal const string Pattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        // Formatted on the stack: every event and every listed purchase is written here.
        Span<char> text = stackalloc char[Format.Length];
        value.UtcDateTime.TryFormat(text, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..written]);
    }
}
