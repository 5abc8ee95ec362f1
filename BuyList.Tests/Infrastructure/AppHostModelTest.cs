using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace BuyList.Tests.Infrastructure;

/// <summary>A test of the AppHost's model as <c>dotnet run</c> builds it, built but not run, and disposed with the test.</summary>
public abstract class AppHostModelTest : IAsyncDisposable
{
    private DistributedApplication? _app;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>The model built with <paramref name="args"/>, in Containers mode unless they say otherwise.</summary>
    protected async Task<DistributedApplicationModel> BuildModelAsync(params string[] args)
    {
        args = args.Any(a => a.StartsWith($"--{InfrastructureExtensions.ModeKey}=", StringComparison.Ordinal)) ? args : [$"--{InfrastructureExtensions.ModeKey}=Containers", .. args];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BuyList_AppHost>(args, TestContext.Current.CancellationToken);
        _app = await builder.BuildAsync(TestContext.Current.CancellationToken);
        return _app.Services.GetRequiredService<DistributedApplicationModel>();
    }

    protected static IResource Resource(DistributedApplicationModel model, string name) =>
        Assert.Single(model.Resources, r => r.Name == name);
}
