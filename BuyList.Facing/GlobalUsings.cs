// The namespaces several of this project's files use (see DEVELOPERS.md); a file adds the ones only it needs.
global using System.ComponentModel.DataAnnotations;
global using System.Diagnostics.CodeAnalysis;
global using System.Globalization;
global using System.Net;
global using System.Text.Json;
global using BuyList.Contracts;
global using BuyList.Contracts.OpenApi;
global using BuyList.Facing.Limits;
global using BuyList.Facing.Listing;
global using BuyList.Facing.Messaging;
global using BuyList.Facing.Telemetry;
global using BuyList.ServiceDefaults;
global using BuyList.ServiceDefaults.Api;
global using BuyList.ServiceDefaults.Hosting;
global using BuyList.ServiceDefaults.Kafka;
global using Confluent.Kafka;
global using Microsoft.Extensions.Options;
