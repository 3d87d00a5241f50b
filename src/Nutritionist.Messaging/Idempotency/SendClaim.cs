namespace Nutritionist.Messaging.Idempotency;

/// <summary>The answer of <see cref="ISendClaimStore.TryClaimAsync"/>.</summary>
/// <param name="State">Whether the caller owns the key, or what became of the claim that does.</param>
/// <param name="Result">For <see cref="SendClaimState.Completed"/>, the stored result of the first send, when it had one.</param>
public sealed record SendClaim(SendClaimState State, SendResult? Result = null)
{
    /// <summary>A claim the caller now owns.</summary>
    public static SendClaim Acquired { get; } = new(SendClaimState.Acquired);

    /// <summary>A claim another caller owns and has not completed.</summary>
    public static SendClaim InProgress { get; } = new(SendClaimState.InProgress);
}
