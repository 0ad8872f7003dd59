using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Nmpi.Grains;

/// <summary>The one way an option section is registered: bound, checked by its validator class, refused at start.</summary>
public static class ValidatedOptionsServiceCollectionExtensions
{
    /// <summary>Binds <paramref name="section"/> to <typeparamref name="TOptions"/> and validates it with <typeparamref name="TValidator"/> when the host starts.</summary>
    public static IServiceCollection AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services;
    }
}
