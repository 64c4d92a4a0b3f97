namespace TokenMonitor.Store;

/// <summary>
/// A store failure whose message is safe to show: engine messages are scrubbed of the connection string's
/// secrets, and the engine's exception is not attached, because its text and data were not written with that in mind.
/// </summary>
public sealed class StoreException(string message, StoreFailure failure = StoreFailure.Operation) : Exception(message)
{
    public StoreFailure Failure { get; } = failure;
}

public enum StoreFailure
{
    /// <summary>The store could not be reached or opened (no server, wrong password, a file that is not a database).</summary>
    Open,

    /// <summary>The store was created by a newer TokenMonitor.</summary>
    Version,

    /// <summary>A read or write failed after retries.</summary>
    Operation,
}
