namespace Nutritionist.Messaging.Idempotency;

/// <summary>The state of a key in an <see cref="ISendClaimStore"/>, as seen by the caller of <see cref="ISendClaimStore.TryClaimAsync"/>.</summary>
public enum SendClaimState
{
    /// <summary>The caller now owns the key and does the work.</summary>
    Acquired,

    /// <summary>Another caller owns the key and has not finished: the work may be under way.</summary>
    InProgress,

    /// <summary>The work was done; <see cref="SendClaim.Result"/> holds its result when it had one.</summary>
    Completed,
}
