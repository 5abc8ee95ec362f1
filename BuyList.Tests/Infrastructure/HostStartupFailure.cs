namespace BuyList.Tests.Infrastructure;

/// <summary>Reads why a host refused to start: the failure arrives wrapped in aggregate and inner exceptions.</summary>
public static class HostStartupFailure
{
    /// <summary><paramref name="exception"/> and every exception inside it.</summary>
    public static IEnumerable<Exception> Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? [aggregate, .. aggregate.InnerExceptions.SelectMany(Flatten)]
            : exception.InnerException is null ? [exception] : [exception, .. Flatten(exception.InnerException)];
}
