// Namespaces several files of the project use (a namespace only one file uses stays in that file).
global using System.Globalization;
global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Logging;
