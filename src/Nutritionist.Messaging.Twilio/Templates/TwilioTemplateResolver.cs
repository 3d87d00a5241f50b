using System.Globalization;
using Microsoft.Extensions.Logging;
using Nutritionist.Messaging.Twilio.Internal;

namespace Nutritionist.Messaging.Twilio;

/// <summary>
/// Turns a <see cref="WhatsAppTemplate"/> into what Twilio sends: a Content SID and <c>ContentVariables</c>. A Content SID
/// given by the caller is used as it is; a template by name and language is looked up in
/// <see cref="TwilioWhatsAppOptions.Templates"/>, then in the account's content templates (<see cref="TwilioTemplateCatalog"/>),
/// read at most once per <see cref="TwilioWhatsAppOptions.TemplateCacheDuration"/>.
/// </summary>
/// <remarks>
/// <para>Mapping of the neutral parameters to content variables: positional body parameters become <c>"1"</c>,
/// <c>"2"</c>, … in order; named ones keep their names; currency and date parameters send their fallback text. Header
/// parameters and button values cannot be mapped (Twilio numbers every variable of a content template in one sequence, which
/// the neutral model cannot know), so a template carrying them is refused with <see cref="MessagingErrorCode.InvalidMessage"/>.</para>
/// <para>Failures, all <see cref="MessagingErrorCode.InvalidMessage"/> and never sent: provider code <see cref="TemplateNotFound"/>
/// when no content template has that name and language (or the name is ambiguous without a language), and
/// <see cref="TemplateParameterMismatch"/> when a template found in the catalog declares other variables than the message
/// gives. A failure to read the catalog keeps its classification, with <see cref="MessagingException.MayHaveBeenSent"/> false.</para>
/// <para>Thread-safe singleton; concurrent misses read the catalog once.</para>
/// </remarks>
internal sealed class TwilioTemplateResolver
{
    /// <summary>The provider code of a template that no content template matches.</summary>
    public const string TemplateNotFound = "TemplateNotFound";

    /// <summary>The provider code of parameters that do not match the template's variables.</summary>
    public const string TemplateParameterMismatch = "TemplateParameterMismatch";

    private readonly TwilioWhatsAppOptions _options;
    private readonly TwilioTemplateCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    public TwilioTemplateResolver(TwilioWhatsAppOptions options, TwilioTemplateCatalog catalog, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _catalog = catalog;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The Content SID and content variables to send for <paramref name="template"/>.</summary>
    /// <exception cref="MessagingException">The template cannot be resolved or its parameters cannot be sent through Twilio.</exception>
    public async ValueTask<(string ContentSid, IReadOnlyDictionary<string, string> Variables)> ResolveAsync(WhatsAppTemplate template, CancellationToken cancellationToken)
    {
        var variables = VariablesOf(template);
        if (template.HasContentSid)
        {
            return (template.ContentSid!.Trim(), variables);
        }

        if (template.Name is not { } name)
        {
            throw new MessagingException(MessagingErrorCode.InvalidMessage, template.Problem() ?? "The template has neither a Content SID nor a name.", TemplateNotFound);
        }

        if (FromMap(name, template.Language) is { } mapped)
        {
            Log.TemplateResolved(_logger, name, template.Language, mapped, "configured map");
            return (mapped, variables);
        }

        var templates = await CatalogAsync(cancellationToken).ConfigureAwait(false);
        var info = Find(templates, name, template.Language);
        CheckVariables(info, variables);
        Log.TemplateResolved(_logger, name, template.Language, info.Sid, "content catalog");
        return (info.Sid, variables);
    }

    /// <summary>The content variables for <paramref name="template"/>, or why it cannot be sent through Twilio.</summary>
    internal static IReadOnlyDictionary<string, string> VariablesOf(WhatsAppTemplate template)
    {
        if (template.Problem() is { } problem)
        {
            throw new MessagingException(MessagingErrorCode.InvalidMessage, problem);
        }

        if (template.HeaderParameters.Count > 0 || template.Buttons.Count > 0)
        {
            throw new MessagingException(
                MessagingErrorCode.InvalidMessage,
                "Twilio cannot send template header parameters or button values: its content templates number every variable in one sequence. Give them as body parameters in the content template's numbering, or name the template by Content SID with new WhatsAppTemplate(contentSid, variables).",
                TemplateParameterMismatch);
        }

        if (template.BodyParameters.Count == 0)
        {
            return template.Variables;
        }

        var variables = new Dictionary<string, string>(template.BodyParameters.Count, StringComparer.Ordinal);
        for (var i = 0; i < template.BodyParameters.Count; i++)
        {
            var parameter = template.BodyParameters[i];
            variables[parameter.Name ?? (i + 1).ToString(CultureInfo.InvariantCulture)] = parameter.Text ?? string.Empty;
        }

        return variables;
    }

    private string? FromMap(string name, string? language)
    {
        if (!_options.Templates.TryGetValue(name, out var languages) || languages is null || languages.Count == 0)
        {
            return null;
        }

        if (language is null)
        {
            return languages.Count == 1 ? languages.Values.Single() : null;
        }

        foreach (var (key, sid) in languages)
        {
            if (string.Equals(Normalize(key), Normalize(language), StringComparison.Ordinal))
            {
                return sid;
            }
        }

        return null;
    }

    private static WhatsAppTemplateInfo Find(IReadOnlyList<WhatsAppTemplateInfo> templates, string name, string? language)
    {
        var named = templates
            .Where(t => string.Equals(t.WhatsAppTemplateName, name, StringComparison.OrdinalIgnoreCase) || string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(static t => t.IsApprovedForWhatsApp)
            .ToList();
        var where = language is null ? $"'{name}'" : $"'{name}' in language '{language}'";
        if (named.Count == 0)
        {
            throw NotFound($"No content template of the Twilio account is named {where} (WhatsApp template name or friendly name); add it to NutritionistMessaging:Twilio:Templates or create it in the Content API.");
        }

        if (language is null)
        {
            var languages = named.Select(static t => Normalize(t.Language)).Distinct(StringComparer.Ordinal).Count();
            return languages == 1
                ? named[0]
                : throw NotFound($"Content templates named '{name}' exist in {languages} languages; give the language (WhatsAppTemplate.Create(name, language)).");
        }

        // Exactly the language asked for; else the same primary language (en_US asked, en defined, or the reverse).
        var exact = named.FirstOrDefault(t => Normalize(t.Language) == Normalize(language));
        if (exact is not null)
        {
            return exact;
        }

        var primary = named.Where(t => Primary(t.Language) == Primary(language)).ToList();
        return primary.Select(static t => Normalize(t.Language)).Distinct(StringComparer.Ordinal).Count() == 1
            ? primary[0]
            : throw NotFound($"No content template named {where}; the account has it in {string.Join(", ", named.Select(static t => t.Language ?? "(no language)").Distinct(StringComparer.Ordinal))}.");
    }

    private static void CheckVariables(WhatsAppTemplateInfo info, IReadOnlyDictionary<string, string> variables)
    {
        var expected = info.Variables.Keys.ToHashSet(StringComparer.Ordinal);
        if (expected.SetEquals(variables.Keys))
        {
            return;
        }

        throw new MessagingException(
            MessagingErrorCode.InvalidMessage,
            $"Content template {info.Sid} ('{info.Name}') takes the variables [{List(expected)}]; the message gives [{List(variables.Keys)}].",
            TemplateParameterMismatch);

        static string List(IEnumerable<string> keys) => string.Join(", ", keys.Order(StringComparer.Ordinal));
    }

    private async ValueTask<IReadOnlyList<WhatsAppTemplateInfo>> CatalogAsync(CancellationToken cancellationToken)
    {
        if (Fresh(Volatile.Read(ref _snapshot)) is { } cached)
        {
            return cached;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(Volatile.Read(ref _snapshot)) is { } again)
            {
                return again;
            }

            IReadOnlyList<WhatsAppTemplateInfo> templates;
            try
            {
                templates = await _catalog.ListAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (MessagingException e)
            {
                // A failed read of the catalog sent nothing, whatever the failure says about the request that failed.
                throw new MessagingException(e.Code, $"The template could not be resolved: reading the Twilio content templates failed: {e.Message}", e.ProviderCode, e.StatusCode, e.IsTransient, e)
                {
                    RetryAfter = e.RetryAfter,
                };
            }

            Volatile.Write(ref _snapshot, new Snapshot(templates, _timeProvider.GetUtcNow()));
            return templates;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private IReadOnlyList<WhatsAppTemplateInfo>? Fresh(Snapshot? snapshot) =>
        snapshot is not null && _timeProvider.GetUtcNow() - snapshot.ReadAt < _options.TemplateCacheDuration ? snapshot.Templates : null;

    private static MessagingException NotFound(string reason) => new(MessagingErrorCode.InvalidMessage, reason, TemplateNotFound);

    private static string Normalize(string? language) => (language ?? string.Empty).Replace('-', '_').ToUpperInvariant();

    private static string Primary(string? language)
    {
        var normalized = Normalize(language);
        var underscore = normalized.IndexOf('_', StringComparison.Ordinal);
        return underscore < 0 ? normalized : normalized[..underscore];
    }

    private sealed record Snapshot(IReadOnlyList<WhatsAppTemplateInfo> Templates, DateTimeOffset ReadAt);
}
