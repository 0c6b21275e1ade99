/// A store that can wake an idle worker when messages are enqueued, so that a waiting ``OutboxDispatcher`` starts
/// delivering at once instead of at its next poll. `PostgresConnectorStore` implements it with `LISTEN`/`NOTIFY`,
/// so a worker on one host wakes when another host enqueues.
///
/// ``OutboxDispatcher/run()`` uses it in place of sleeping ``OutboxDispatcher/Configuration/pollInterval`` between
/// passes; the poll interval still bounds the wait, for messages that become due later (a retry's backoff).
public protocol NotifyingConnectorStore: ConnectorStore {
    /// Returns when messages may have been enqueued since the last call returned (by any worker, on any host), after
    /// `timeout`, or when the task is cancelled. Returning without new work is allowed; sleeping through an enqueue
    /// that happened before the call is not.
    func waitForWork(timeout: Duration) async
}
