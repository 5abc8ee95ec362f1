using Aspire.Hosting;

namespace BuyList.Tests.Component.AppHost;

/// <summary>
/// <c>Infrastructure:Mode</c>: what runs Kafka and MongoDB where no connection string names a server. The machine is
/// stubbed through the probe the AppHost takes from its services, so the answer does not depend on this machine.
/// </summary>
public sealed class InfrastructureModeTests
{
    private const string NoDocker = "'docker' is not installed";

    [Theory]
    [InlineData(null, "Auto", NoDocker, InfrastructureMode.Embedded)]
    [InlineData("Auto", "Auto", NoDocker, InfrastructureMode.Embedded)]
    [InlineData(null, "Auto", null, InfrastructureMode.Containers)]
    [InlineData("Containers", "Containers", NoDocker, InfrastructureMode.Containers)]
    [InlineData("embedded", "Embedded", null, InfrastructureMode.Embedded)]
    public void The_mode_follows_the_setting_and_auto_asks_once_whether_the_container_runtime_answers(
        string? setting, string configured, string? containerRuntimeProblem, InfrastructureMode expected)
    {
        var machine = new StubMachine(containerRuntimeProblem);
        var builder = Builder(setting, machine);

        var choice = builder.Infrastructure();

        Assert.Equal(expected, choice.Mode);
        Assert.Equal(expected == InfrastructureMode.Embedded, builder.RunsEmbedded());
        // Merged from "the machine is probed once per AppHost": asked twice, probed at most once, and only for Auto.
        Assert.Equal(configured == "Auto" ? 1 : 0, machine.ContainerRuntimeProbes);
        // The reason the console and the dashboard give names the setting and, for Auto, what the probe found.
        Assert.StartsWith($"{InfrastructureExtensions.ModeKey}={configured}", choice.Reason, StringComparison.Ordinal);
        if (configured == "Auto" && containerRuntimeProblem is not null)
        {
            Assert.EndsWith(containerRuntimeProblem, choice.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_mode_that_does_not_exist_is_refused_naming_the_setting_and_the_choices()
    {
        var builder = Builder("Kubernetes", new StubMachine(null));

        var error = Assert.Throws<InvalidOperationException>(() => builder.Infrastructure());

        Assert.Equal("Infrastructure:Mode is 'Kubernetes': use Auto, Containers or Embedded.", error.Message);
    }

    private static IDistributedApplicationBuilder Builder(string? mode, MachineProbe machine)
    {
        var builder = DistributedApplication.CreateBuilder(mode is null ? [] : [$"--{InfrastructureExtensions.ModeKey}={mode}"]);
        builder.Services.AddSingleton(machine);
        return builder;
    }
}
