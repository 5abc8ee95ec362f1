namespace BuyList.Management.Messaging.DeadLetters;

/// <summary>Why a message can never be stored: the value of the <c>dlq-error</c> header.</summary>
public static class DeadLetterErrors
{
    /// <summary>Not JSON, or JSON of another shape (unknown, missing or mistyped members), or failing to read at all.</summary>
    public const string Unreadable = "unreadable";

    /// <summary>A well-formed event whose values break the contract's rules.</summary>
    public const string ContractViolation = "contract-violation";

    public const string UnsupportedEventType = "unsupported-event-type";
    public const string UnsupportedEventVersion = "unsupported-event-version";
}
