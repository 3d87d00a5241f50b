namespace Nutritionist.Messaging;

/// <summary>A group of rows in a <see cref="WhatsAppList"/>.</summary>
/// <param name="Title">
/// The section's heading, up to <see cref="WhatsAppList.MaxSectionTitleLength"/> characters; required when the list has
/// more than one section.
/// </param>
/// <param name="Rows">The rows, at least one.</param>
public sealed record WhatsAppListSection(string? Title, IReadOnlyList<WhatsAppListRow> Rows);
