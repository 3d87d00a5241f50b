using System.Globalization;

namespace Nutritionist.Messaging;

/// <summary>An interactive WhatsApp message with one to three reply buttons under its text.</summary>
/// <example>
/// <code>
/// var message = new OutboundMessage("+14155552671")
/// {
///     Platform = MessagingPlatform.WhatsApp,
///     Interactive = new WhatsAppReplyButtons("Did you follow today's plan?", [new("plan-yes", "Yes"), new("plan-no", "Not today")])
///     {
///         Footer = "Reply any time",
///     },
/// };
/// </code>
/// </example>
public sealed class WhatsAppReplyButtons : WhatsAppInteractive
{
    /// <summary>The most buttons WhatsApp shows.</summary>
    public const int MaxButtons = 3;

    /// <summary>The longest button title WhatsApp takes.</summary>
    public const int MaxButtonTitleLength = 20;

    /// <summary>The longest button id WhatsApp takes.</summary>
    public const int MaxButtonIdLength = 256;

    /// <summary>Creates the message.</summary>
    /// <param name="body">The text above the buttons (up to <see cref="WhatsAppInteractive.MaxBodyLength"/> characters).</param>
    /// <param name="buttons">One to <see cref="MaxButtons"/> buttons with unique ids and titles.</param>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> or <paramref name="buttons"/> is <see langword="null"/>.</exception>
    public WhatsAppReplyButtons(string body, IReadOnlyList<WhatsAppReplyButton> buttons)
        : base(body)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        Buttons = [.. buttons];
    }

    /// <summary>The buttons, in the order shown.</summary>
    public IReadOnlyList<WhatsAppReplyButton> Buttons { get; }

    /// <inheritdoc />
    private protected override string? ActionProblem()
    {
        if (Buttons.Count is 0 or > MaxButtons)
        {
            return $"Interactive has {Buttons.Count.ToString(CultureInfo.InvariantCulture)} reply buttons; WhatsApp takes 1 to {MaxButtons.ToString(CultureInfo.InvariantCulture)}.";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var titles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Buttons.Count; i++)
        {
            var name = $"Interactive.Buttons[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (Buttons[i] is not { } button)
            {
                return name + " is null.";
            }

            var problem = Required(name + ".Id", button.Id)
                ?? TooLong(name + ".Id", button.Id, MaxButtonIdLength)
                ?? Padded(name + ".Id", button.Id)
                ?? Required(name + ".Title", button.Title)
                ?? TooLong(name + ".Title", button.Title, MaxButtonTitleLength)
                ?? (ids.Add(button.Id) ? null : $"{name}.Id '{button.Id}' is used by another button; button ids are unique.")
                ?? (titles.Add(button.Title) ? null : $"{name}.Title '{button.Title}' is used by another button; button titles are unique.");
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }
}
