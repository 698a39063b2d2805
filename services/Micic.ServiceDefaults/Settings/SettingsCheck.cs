using System.ComponentModel;
using System.Net;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Micic.ServiceDefaults.Settings;

/// <summary>
/// The settings a host reads while it is put together, checked as they are read: one sentence per setting that is wrong,
/// naming it as an operator writes it (<c>Auth:Issuer</c>, or <c>Auth__Issuer</c> in the environment). What reads a
/// setting carries on with a harmless stand-in, so that every problem is found in one start; <see cref="SettingsExtensions.Settings"/>
/// then stops the host when it is built, before it serves or connects to anything.
/// </summary>
public sealed class SettingsCheck(IConfiguration configuration, bool development)
{
    readonly List<string> problems = [];

    public IReadOnlyList<string> Problems => problems;

    /// <summary>Development runs (the AppHost's default) may fall back on what the repository seeds; nothing else does.</summary>
    public bool Development { get; } = development;

    /// <summary>A key as it is written in configuration files and as an environment variable.</summary>
    public static string Named(string key) => key.Contains(':') ? $"{key} ({key.Replace(":", "__", StringComparison.Ordinal)})" : key;

    /// <summary>A problem, once however many readers of the setting find it.</summary>
    public void Add(string sentence)
    {
        if (!problems.Contains(sentence))
            problems.Add(sentence);
    }

    /// <summary>The value of <paramref name="key"/>, or a sentence saying it must be set to <paramref name="what"/>.</summary>
    public string? Required(string key, string what)
    {
        if (configuration[key] is { } value && !string.IsNullOrWhiteSpace(value))
            return value;
        Add($"{Named(key)} is not set: it must be {what}.");
        return null;
    }

    /// <summary>
    /// An origin people and other servers reach (the issuer, a public origin): an absolute https URL, or http on a
    /// loopback address, where TLS ends in front of the platform on the same machine.
    /// </summary>
    public Uri? PublicUrl(string key, string what, bool required = true)
    {
        var value = required ? Required(key, what) : configuration[key];
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (SettingRules.PublicUrl(key, value) is { } problem)
        {
            Add(problem);
            return null;
        }
        return new Uri(value);
    }

    /// <summary>An absolute http or https URL (a collector's endpoint), when set.</summary>
    public Uri? Url(string key)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (SettingRules.AbsoluteUrl(key, value) is { } problem)
        {
            Add(problem);
            return null;
        }
        return new Uri(value);
    }

    /// <summary>A folder that must exist, when set; null when it is not set or does not exist.</summary>
    public string? Folder(string key)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (Directory.Exists(value))
            return value;
        Add($"{Named(key)} must name a folder that exists; '{value}' does not.");
        return null;
    }

    /// <summary>
    /// <c>ConnectionStrings:{name}</c>, which must be set and which <paramref name="problem"/> finds sound (null) or
    /// says what is wrong with; null when it is not.
    /// </summary>
    public string? ConnectionString(string name, string what, Func<string, string?>? problem = null)
    {
        var key = $"ConnectionStrings:{name}";
        var value = Required(key, what);
        if (value is null)
            return null;
        string? wrong;
        try
        {
            wrong = problem?.Invoke(value);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            wrong = exception.Message.TrimEnd('.');
        }
        if (wrong is null)
            return value;
        // The value itself may hold a password: the sentence names the setting, never what it holds.
        Add($"{Named(key)} must be {what}; {wrong}.");
        return null;
    }

    /// <summary>
    /// What <paramref name="read"/> makes of <paramref name="key"/> (a key, a certificate), or a sentence saying it
    /// could not be read; null when it is not set or not readable.
    /// </summary>
    public T? Readable<T>(string key, string what, Func<string, T> read) where T : class
    {
        if (Required(key, what) is not { } value)
            return null;
        try
        {
            return read(value);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or System.Security.Cryptography.CryptographicException
            or InvalidOperationException)
        {
            Add($"{Named(key)} must be {what}; it could not be read ({exception.Message.TrimEnd('.')}).");
            return null;
        }
    }

    /// <summary>
    /// The section as <typeparamref name="T"/>: each value it sets must be of its setting's kind (a number, a duration)
    /// and obey <paramref name="rules"/>; the defaults stand in for what is wrong.
    /// </summary>
    public T Section<T>(string section, Func<T, IEnumerable<string?>>? rules = null) where T : class, new()
    {
        var malformed = SettingRules.Convertible<T>(configuration.GetSection(section)).ToList();
        malformed.ForEach(Add);
        if (malformed.Count > 0)
            return new T();
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        foreach (var problem in (rules?.Invoke(options) ?? []).OfType<string>())
            Add(problem);
        return options;
    }
}

/// <summary>The rules settings are checked by, each giving a sentence that names the setting, or null when it is sound.</summary>
public static class SettingRules
{
    public static string? PublicUrl(string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri)))
            return $"{SettingsCheck.Named(key)} must be an absolute https URL (or http on loopback); it is '{value}'.";
        return null;
    }

    public static string? AbsoluteUrl(string key, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? null : $"{SettingsCheck.Named(key)} must be an absolute http or https URL; it is '{value}'.";

    static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    public static string? Positive(string key, TimeSpan value) =>
        value > TimeSpan.Zero ? null : $"{SettingsCheck.Named(key)} must be a positive duration; it is {value}.";

    public static string? AtMost(string key, TimeSpan value, TimeSpan most) =>
        value <= most ? null : $"{SettingsCheck.Named(key)} must be at most {most}; it is {value}.";

    public static string? Between(string key, double value, double least, double most) =>
        value >= least && value <= most ? null : $"{SettingsCheck.Named(key)} must be between {least} and {most}; it is {value}.";

    public static string? AtLeast(string key, double value, double least) =>
        value >= least ? null : $"{SettingsCheck.Named(key)} must be at least {least}; it is {value}.";

    /// <summary>
    /// A sentence for each value of <paramref name="section"/> that is not of its setting's kind, converted as the
    /// configuration binder converts it (invariant culture), so that a malformed number or duration is named rather than
    /// thrown as a binder's exception.
    /// </summary>
    public static IEnumerable<string> Convertible<T>(IConfigurationSection section)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.CanWrite))
        {
            var key = $"{section.Path}:{property.Name}";
            if (section[property.Name] is not { } raw)
                continue;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(string) || Kind(type) is not { } kind)
                continue;
            var converts = true;
            try
            {
                converts = raw.Length > 0 && TypeDescriptor.GetConverter(type).ConvertFromInvariantString(raw) is not null;
            }
            catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException or NotSupportedException
                or InvalidOperationException || exception.InnerException is FormatException or OverflowException)
            {
                converts = false;
            }
            if (!converts)
                yield return $"{SettingsCheck.Named(key)} must be {kind}; it is '{raw}'.";
        }
    }

    static string? Kind(Type type) =>
        type == typeof(TimeSpan) ? "a duration written [d.]hh:mm:ss, such as 00:10:00 or 90.00:00:00"
        : type == typeof(DateTimeOffset) ? "a time with its offset, such as 2026-03-01T06:00:00Z"
        : type == typeof(bool) ? "true or false"
        : type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(ushort) ? "a whole number from 0 to 65535"
        : type == typeof(double) || type == typeof(decimal) ? "a number such as 0.5"
        : null;
}

/// <summary>A host's settings are wrong: each sentence names one.</summary>
public sealed class InvalidSettingsException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>Runs the same rules on options when they are validated at start, so that a setting is checked by one rule.</summary>
public sealed class SettingsValidator<T>(Func<T, IEnumerable<string?>> rules) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options) =>
        rules(options).OfType<string>().ToList() is [_, ..] problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

public static class SettingsExtensions
{
    const string Key = "Micic.Settings";

    /// <summary>
    /// The host's <see cref="SettingsCheck"/>. The first call arranges that the host is not built while a setting is
    /// wrong, and that a host stopped for its settings exits with status 78 (EX_CONFIG) and one line per problem on
    /// standard error, not with a stack trace.
    /// </summary>
    public static SettingsCheck Settings(this IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryGetValue(Key, out var existing))
            return (SettingsCheck)existing;
        var check = new SettingsCheck(builder.Configuration, builder.Environment.IsDevelopment());
        builder.Properties[Key] = check;
        // The host's own defaults (scopes and the container checked when developing), with the settings checked first.
        var development = builder.Environment.IsDevelopment();
        builder.ConfigureContainer(new CheckedServiceProviderFactory(check,
            new ServiceProviderOptions { ValidateScopes = development, ValidateOnBuild = development }));
        AppDomain.CurrentDomain.UnhandledException += (_, unhandled) => ExitOnSettings(unhandled.ExceptionObject as Exception);
        return check;
    }

    /// <summary>
    /// Options of <typeparamref name="T"/> bound to <paramref name="section"/> and validated at start by
    /// <paramref name="rules"/>, the rules the host was checked by when it was built; returns the values it is built with.
    /// </summary>
    public static T AddCheckedOptions<T>(this IHostApplicationBuilder builder, string section,
        Func<T, IEnumerable<string?>>? rules = null) where T : class, new()
    {
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateOnStart();
        if (rules is not null)
            builder.Services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(rules));
        return builder.Settings().Section(section, rules);
    }

    /// <summary>The sentences of a host stopped for its settings, whether when it was built or when its options were validated.</summary>
    public static IReadOnlyList<string>? ProblemsOf(Exception? exception) => exception switch
    {
        InvalidSettingsException settings => settings.Problems,
        OptionsValidationException options => options.Failures.ToList(),
        AggregateException many when many.Flatten().InnerExceptions.Select(ProblemsOf).ToList() is var all && all.All(problems => problems is not null)
            => all.SelectMany(problems => problems!).ToList(),
        _ => null,
    };

    static void ExitOnSettings(Exception? exception)
    {
        if (ProblemsOf(exception) is not { } problems)
            return;
        var error = Console.Error;
        error.WriteLine($"Micic will not start: {(problems.Count == 1 ? "a setting is" : $"{problems.Count} settings are")} wrong (see docs/configuration.md).");
        foreach (var problem in problems)
            error.WriteLine($"  {problem}");
        error.Flush();
        Environment.Exit(78);
    }

    sealed class CheckedServiceProviderFactory(SettingsCheck check, ServiceProviderOptions options) : IServiceProviderFactory<IServiceCollection>
    {
        readonly DefaultServiceProviderFactory inner = new(options);

        public IServiceCollection CreateBuilder(IServiceCollection services) => inner.CreateBuilder(services);

        public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) =>
            check.Problems.Count > 0 ? throw new InvalidSettingsException(check.Problems) : inner.CreateServiceProvider(containerBuilder);
    }
}
