namespace Nutritionist.Messaging.FaultInjection.Tests;

/// <summary>What the fault server does with one request.</summary>
public enum Fault
{
    /// <summary>Takes the message and answers with the provider's success shape.</summary>
    None,

    /// <summary>Refuses with the provider's throttling shape (AWS ThrottlingException, Twilio 429/20429 with Retry-After). Not taken.</summary>
    Throttle,

    /// <summary>Answers 500 with the provider's internal-error shape. Not taken.</summary>
    Error500,

    /// <summary>Answers 503. Not taken.</summary>
    Error503,

    /// <summary>Takes the message, then answers 500 with the provider's internal-error shape.</summary>
    Error500AfterTaking,

    /// <summary>Takes the message, then answers only after the client's timeout.</summary>
    Slow,

    /// <summary>Takes the message, starts a success answer and closes the connection mid-body.</summary>
    CloseMidResponse,

    /// <summary>Takes the message and answers success with a body that is not JSON.</summary>
    Malformed,

    /// <summary>Takes the message, then drops the connection without answering.</summary>
    Reset,
}
