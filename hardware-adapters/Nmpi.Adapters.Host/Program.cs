using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nmpi.Adapters;

// A site adapter: takes jobs of one platform from the gateway and runs them here (configuration: Nmpi:Adapter).
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSiteAdapter(builder.Configuration);

// A running job gets the time to be killed and reported before the process exits.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
await builder.Build().RunAsync();
