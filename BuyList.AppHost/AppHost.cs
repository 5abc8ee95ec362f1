using BuyList.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// Kafka and MongoDB: an existing server when ConnectionStrings:kafka / ConnectionStrings:mongodb name one (a managed
// Kafka, Atlas); else containers, or, without a container runtime (Infrastructure:Mode), embedded and in memory.
var kafka = builder.ExistingConnection("kafka")?.WithKafkaHealthCheck()
    ?? (builder.RunsEmbedded() ? builder.AddEmbeddedKafka("kafka") : builder.AddKafka("kafka").WithVolumeAndUIFrom(builder, "Kafka"));

var mongodb = builder.ExistingConnection("mongodb")?.WithMongoDBHealthCheck()
    ?? (builder.RunsEmbedded() ? builder.AddMongoEmulator("mongodb", databaseName: "buylist")
        : builder.AddMongoDB("mongodb", databaseName: "buylist").WithVolumeFrom(builder, "MongoDB"));

var management = builder.AddProject<Projects.BuyList_Management>("management")
    .WithReference(kafka).WaitFor(kafka)
    .WithReference(mongodb).WaitFor(mongodb)
    .WithOperationsEndpoint();

var facing = builder.AddProject<Projects.BuyList_Facing>("facing")
    .WithReference(kafka).WaitFor(kafka)
    .WithReference(management)
    // Public first: the ops endpoint added after it stays internal.
    .WithExternalHttpEndpoints()
    .WithOperationsEndpoint();

var web = builder.AddProject<Projects.BuyList_Web>("web")
    .WithReference(facing).WaitFor(facing)
    // Public first: the ops endpoint added after it stays internal.
    .WithExternalHttpEndpoints()
    .WithOperationsEndpoint();

// Opt-in (--Prometheus:Enabled=true): the same /metrics the cluster's Prometheus scrapes, viewable locally.
if (builder.Configuration.GetValue<bool>("Prometheus:Enabled"))
{
    builder.AddPrometheus("prometheus", "./prometheus")
        .WithScrapeTarget(facing)
        .WithScrapeTarget(management)
        .WithScrapeTarget(web);
}

builder.Build().Run();
