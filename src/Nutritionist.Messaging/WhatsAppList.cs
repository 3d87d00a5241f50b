using System.Globalization;

namespace Nutritionist.Messaging;

/// <summary>
/// An interactive WhatsApp list message: its text and a button (<see cref="ButtonText"/>) that opens a menu of up to ten
/// rows in up to ten sections; the person picks one.
/// </summary>
/// <example>
/// <code>
/// var message = new OutboundMessage("+14155552671")
/// {
///     Platform = MessagingPlatform.WhatsApp,
///     Interactive = new WhatsAppList("Which meal would you like to swap?", "Choose a meal",
///     [
///         new WhatsAppListSection("Today", [new("swap-lunch", "Lunch"), new("swap-dinner", "Dinner", "Salmon and greens")]),
///     ]),
/// };
/// </code>
/// </example>
public sealed class WhatsAppList : WhatsAppInteractive
{
    /// <summary>The longest <see cref="ButtonText"/> WhatsApp takes.</summary>
    public const int MaxButtonTextLength = 20;

    /// <summary>The most sections a list has.</summary>
    public const int MaxSections = 10;

    /// <summary>The most rows a list has, all sections together.</summary>
    public const int MaxRows = 10;

    /// <summary>The longest section title WhatsApp takes.</summary>
    public const int MaxSectionTitleLength = 24;

    /// <summary>The longest row id WhatsApp takes.</summary>
    public const int MaxRowIdLength = 200;

    /// <summary>The longest row title WhatsApp takes.</summary>
    public const int MaxRowTitleLength = 24;

    /// <summary>The longest row description WhatsApp takes.</summary>
    public const int MaxRowDescriptionLength = 72;

    /// <summary>Creates the list.</summary>
    /// <param name="body">The text above the list button (up to <see cref="WhatsAppInteractive.MaxBodyLength"/> characters).</param>
    /// <param name="buttonText">The label of the button that opens the list (up to <see cref="MaxButtonTextLength"/> characters).</param>
    /// <param name="sections">One to <see cref="MaxSections"/> sections holding one to <see cref="MaxRows"/> rows in all.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public WhatsAppList(string body, string buttonText, IReadOnlyList<WhatsAppListSection> sections)
        : base(body)
    {
        ArgumentNullException.ThrowIfNull(buttonText);
        ArgumentNullException.ThrowIfNull(sections);
        ButtonText = buttonText;
        Sections = [.. sections];
    }

    /// <summary>The label of the button that opens the list.</summary>
    public string ButtonText { get; }

    /// <summary>The sections, in the order shown.</summary>
    public IReadOnlyList<WhatsAppListSection> Sections { get; }

    /// <inheritdoc />
    private protected override string? ActionProblem()
    {
        var problem = Required("Interactive.ButtonText", ButtonText) ?? TooLong("Interactive.ButtonText", ButtonText, MaxButtonTextLength);
        if (problem is not null)
        {
            return problem;
        }

        if (Sections.Count is 0 or > MaxSections)
        {
            return $"Interactive has {Sections.Count.ToString(CultureInfo.InvariantCulture)} list sections; WhatsApp takes 1 to {MaxSections.ToString(CultureInfo.InvariantCulture)}.";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var rows = 0;
        for (var s = 0; s < Sections.Count; s++)
        {
            var name = $"Interactive.Sections[{s.ToString(CultureInfo.InvariantCulture)}]";
            if (Sections[s] is not { } section)
            {
                return name + " is null.";
            }

            problem = (Sections.Count > 1 && string.IsNullOrWhiteSpace(section.Title) ? $"{name}.Title is empty; each section needs a title when the list has more than one." : null)
                ?? TooLong(name + ".Title", section.Title, MaxSectionTitleLength)
                ?? (section.Rows is not { Count: > 0 } ? $"{name} has no rows; each section needs at least one." : null);
            if (problem is not null)
            {
                return problem;
            }

            rows += section.Rows!.Count;
            if (rows > MaxRows)
            {
                return $"Interactive has more than {MaxRows.ToString(CultureInfo.InvariantCulture)} list rows; WhatsApp takes at most {MaxRows.ToString(CultureInfo.InvariantCulture)} across all sections.";
            }

            for (var r = 0; r < section.Rows.Count; r++)
            {
                var rowName = $"{name}.Rows[{r.ToString(CultureInfo.InvariantCulture)}]";
                if (section.Rows[r] is not { } row)
                {
                    return rowName + " is null.";
                }

                problem = Required(rowName + ".Id", row.Id)
                    ?? TooLong(rowName + ".Id", row.Id, MaxRowIdLength)
                    ?? Padded(rowName + ".Id", row.Id)
                    ?? Required(rowName + ".Title", row.Title)
                    ?? TooLong(rowName + ".Title", row.Title, MaxRowTitleLength)
                    ?? TooLong(rowName + ".Description", row.Description, MaxRowDescriptionLength)
                    ?? (ids.Add(row.Id) ? null : $"{rowName}.Id '{row.Id}' is used by another row; row ids are unique.");
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        return null;
    }
}
