// The namespaces several of this project's files use (see DEVELOPERS.md); a file adds the ones only it needs.
global using System.Globalization;
global using System.Text;
global using BuyList.Contracts;
global using BuyList.Management.Messaging.DeadLetters;
global using BuyList.Management.Purchases;
global using BuyList.Management.Storage;
global using BuyList.Management.Telemetry;
global using BuyList.ServiceDefaults.Api;
global using BuyList.ServiceDefaults.Kafka;
global using Confluent.Kafka;
global using Microsoft.Extensions.Options;
