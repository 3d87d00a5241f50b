namespace Nutritionist.Messaging.Testing.Conformance;

/// <summary>Thrown by a <see cref="StoreConformanceCase"/> when the store breaks the contract; the message says how.</summary>
public sealed class StoreConformanceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreConformanceException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the store did and what the contract asks.</param>
    public StoreConformanceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the store did and what the contract asks.</param>
    /// <param name="innerException">The cause.</param>
    public StoreConformanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
