using System.Diagnostics;

namespace BuyList.Web.Listing;

/// <summary>
/// Starts work that follows a click without being part of it (the list shown after a purchase, the rounds that wait
/// for it to be stored) in a trace of its own. Otherwise every round would join the purchase's trace, which is meant
/// to show the purchase's path, and stretch it over a minute.
/// </summary>
internal static class OwnTrace
{
    public static Task Start(Func<Task> work)
    {
        var current = Activity.Current;
        Activity.Current = null;
        try
        {
            return work();
        }
        finally
        {
            Activity.Current = current;
        }
    }
}
