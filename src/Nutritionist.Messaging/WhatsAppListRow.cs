namespace Nutritionist.Messaging;

/// <summary>One choice of a <see cref="WhatsAppList"/>.</summary>
/// <param name="Id">
/// The id that comes back as the inbound message's <c>ButtonPayload</c> when the person picks the row: unique within the
/// message, up to <see cref="WhatsAppList.MaxRowIdLength"/> characters, no spaces at either end.
/// </param>
/// <param name="Title">The row's title, up to <see cref="WhatsAppList.MaxRowTitleLength"/> characters.</param>
/// <param name="Description">An optional second line, up to <see cref="WhatsAppList.MaxRowDescriptionLength"/> characters.</param>
public sealed record WhatsAppListRow(string Id, string Title, string? Description = null);
