// The namespaces ten or more test files use, as dotnet/eShop does. Not those of the files bench/ compiles too
// (KafkaMockCluster.cs, FakePurchaseStore.cs): they keep their own.
global using System.Globalization;
global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using System.Text.Json.Nodes;
global using System.Text.RegularExpressions;
global using BuyList.AppHost.Hosting;
global using BuyList.Tests.Infrastructure;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Diagnostics.Metrics.Testing;
