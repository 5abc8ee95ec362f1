using System.Diagnostics;
using BuyList.Web.Buying;
using BuyList.Web.Display;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace BuyList.Web.Listing;

/// <summary>
/// A user's purchases, newest first, a page at a time. A purchase just made is shown on top, marked pending, and the
/// newest page is read again every <c>PollInterval</c> until Management has stored it, at most <c>PollAttempts</c> times.
/// </summary>
public sealed partial class PurchaseList : IDisposable
{
    private readonly UserIdField _field = new();
    private EditContext _fieldContext = default!;
    private ValidationMessageStore _facingErrors = default!;

    /// <summary>Purchases Facing has accepted that no page read has held yet.</summary>
    private readonly List<Purchase> _pending = [];
    private string? _lastBoughtId;

    /// <summary>What is shown; null before the first user and after a refused user id.</summary>
    private ShownUser? _shown;
    private CancellationTokenSource? _polling;

    /// <summary>Where local times are shown.</summary>
    [Parameter]
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>A purchase Facing has just accepted: its user's list is shown, with it marked pending until Management has stored it.</summary>
    [Parameter]
    public Purchase? JustBought { get; set; }

    public void Dispose() => StopPolling();

    protected override void OnInitialized()
    {
        _fieldContext = new EditContext(_field);
        _facingErrors = new ValidationMessageStore(_fieldContext);
        _fieldContext.OnValidationRequested += (_, _) => _facingErrors.Clear();
        _fieldContext.OnFieldChanged += (_, e) => _facingErrors.Clear(e.FieldIdentifier);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (JustBought is not { } bought || bought.Id == _lastBoughtId)
        {
            return;
        }

        _lastBoughtId = bought.Id;
        _pending.Add(bought);
        _field.UserId = bought.UserId;
        _facingErrors.Clear();
        if (_shown is { Loading: false } shown && shown.UserId == bought.UserId)
        {
            StartPolling(shown);
        }
        else
        {
            Activity.Current = null; // see PollAsync
            await ShowAsync(bought.UserId);
        }
    }

    /// <summary>The pending purchases of the user shown, newest first.</summary>
    private List<Purchase> PendingShown() =>
        [.. _pending.Where(p => p.UserId == _shown?.UserId).OrderByDescending(p => p.Timestamp)];

    private static string Summary(ShownUser shown, int pending)
    {
        if (shown.Loading && shown.Items.Count == 0)
        {
            return $"Loading purchases of {shown.UserId}…";
        }

        var count = Invariant($"{shown.Items.Count:N0} purchase{(shown.Items.Count == 1 ? "" : "s")}");
        var total = Formatting.Money(shown.Items.Sum(p => p.Price));
        var text = shown.NextCursor is null ? $"{count} · {total} spent" : $"{count} loaded · {total} spent so far · more below";
        return pending > 0 ? $"{text} · {pending} pending" : text;
    }

    /// <summary>The newest page of <paramref name="userId"/>, in place of whatever was shown.</summary>
    private async Task ShowAsync(string userId)
    {
        StopPolling();
        var shown = _shown = new ShownUser(userId);
        await LoadAsync(shown, before: null);
        // Even when this load failed: the rounds go on, so the list fills in by itself once the service is back.
        if (shown == _shown && PendingShown().Count > 0)
        {
            StartPolling(shown);
        }
    }

    private Task LoadMoreAsync() =>
        _shown is { Loading: false, NextCursor: { } cursor } shown ? LoadAsync(shown, cursor) : Task.CompletedTask;

    private async Task LoadAsync(ShownUser shown, string? before)
    {
        shown.Loading = true;
        shown.Failure = null;
        try
        {
            var page = await Facing.GetPurchasesAsync(shown.UserId, Options.Value.PageSize, before);
            if (shown != _shown)
            {
                return; // the person has asked for another user meanwhile
            }

            Merge(shown, page, newest: before is null);
        }
        catch (FacingRejectedException ex) when (shown == _shown && ex.Errors.TryGetValue("userid", out var messages))
        {
            _facingErrors.Add(_fieldContext.Field(nameof(UserIdField.UserId)), messages);
            _fieldContext.NotifyValidationStateChanged();
            _shown = null;
        }
        catch (FacingRejectedException) when (shown == _shown)
        {
            // A refused cursor or page size: nothing the person typed is wrong, so starting over is the way out.
            shown.Failure = new("These purchases cannot be loaded. Try again to start from the newest.", () => ShowAsync(shown.UserId));
        }
        catch (FacingUnavailableException) when (shown == _shown)
        {
            shown.Failure = new("Purchases cannot be loaded right now: the purchase service is not answering. Try again in a moment.",
                before is null ? () => ShowAsync(shown.UserId) : LoadMoreAsync);
        }
        finally
        {
            shown.Loading = false;
        }
    }

    private void StartPolling(ShownUser shown)
    {
        StopPolling();
        shown.PollGaveUp = false;
        _polling = new CancellationTokenSource();
        _ = PollAsync(shown, _polling.Token);
    }

    private void StopPolling()
    {
        _polling?.Cancel();
        _polling?.Dispose();
        _polling = null;
    }

    /// <summary>Reads the newest page again until every pending purchase of the user shown is stored, within a bound.</summary>
    private async Task PollAsync(ShownUser shown, CancellationToken cancellationToken)
    {
        // Rounds that follow a purchase are not part of it: in the purchase's trace they would stretch it to their end.
        // What an async method sets in Activity.Current does not flow back out to its caller.
        Activity.Current = null;
        try
        {
            var options = Options.Value;
            for (var attempt = 0; attempt < options.PollAttempts && PendingShown().Count > 0; attempt++)
            {
                await Task.Delay(options.PollInterval, Time, cancellationToken);
                try
                {
                    var page = await Facing.GetPurchasesAsync(shown.UserId, options.PageSize, before: null, cancellationToken);
                    if (shown != _shown || cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    Merge(shown, page, newest: true);
                    shown.Failure = null;
                }
                catch (FacingException)
                {
                    // Still pending, as the row says; the next round asks again.
                }

                await InvokeAsync(StateHasChanged);
            }

            if (shown == _shown && PendingShown().Count > 0)
            {
                shown.PollGaveUp = true;
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Another user is shown, or the page has closed.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>
    /// Adds a page read to the rows shown: the newest page goes on top, while older rows already loaded (and their
    /// cursor) stay; a further page goes below. Pending purchases a page has listed are stored: they are pending no more.
    /// </summary>
    private void Merge(ShownUser shown, PurchasePage page, bool newest)
    {
        shown.Items = [.. (newest ? page.Purchases.Concat(shown.Items) : shown.Items.Concat(page.Purchases)).DistinctBy(p => p.Id)];
        shown.NextCursor = !newest || shown.Items.Count == page.Purchases.Count ? page.NextCursor : shown.NextCursor;
        _pending.RemoveAll(p => shown.Items.Exists(i => i.Id == p.Id));
    }

    /// <summary>Why the last read failed, and what "Try again" does.</summary>
    private sealed record ReadFailure(string Message, Func<Task> Retry);

    /// <summary>What the user id box edits.</summary>
    private sealed class UserIdField
    {
        [ValidUserId]
        public string? UserId { get; set; }
    }

    /// <summary>One user's list. Showing another user replaces it, so an answer for one no longer shown is dropped.</summary>
    private sealed class ShownUser(string userId)
    {
        public string UserId { get; } = userId;

        public List<Purchase> Items { get; set; } = [];

        /// <summary>Where "Load more" reads from; null on the last page.</summary>
        public string? NextCursor { get; set; }

        public bool Loading { get; set; }

        public ReadFailure? Failure { get; set; }

        /// <summary>The rounds ended with a purchase still pending.</summary>
        public bool PollGaveUp { get; set; }
    }
}
