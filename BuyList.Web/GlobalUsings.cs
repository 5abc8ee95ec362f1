// Namespaces several files of the project use (a namespace only one file uses stays in that file).
global using System.ComponentModel.DataAnnotations;
global using BuyList.Contracts;
global using BuyList.ServiceDefaults;
global using BuyList.Web.FacingApi;
global using BuyList.Web.Listing;
global using Microsoft.Extensions.Options;
global using Microsoft.JSInterop;
global using static System.FormattableString;
