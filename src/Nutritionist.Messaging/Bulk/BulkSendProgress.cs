namespace Nutritionist.Messaging.Bulk;

/// <summary>How far a bulk send is.</summary>
/// <param name="Completed">Messages with a result so far.</param>
/// <param name="Total">All messages, when the input's size is known.</param>
/// <param name="Accepted">Accepted so far.</param>
/// <param name="NotAccepted">Rejected, failed or unknown so far.</param>
public readonly record struct BulkSendProgress(int Completed, int? Total, int Accepted, int NotAccepted);
