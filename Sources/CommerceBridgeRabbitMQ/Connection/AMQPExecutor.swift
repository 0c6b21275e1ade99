import Dispatch

/// Runs an actor's jobs one at a time on a dispatch queue of its own, off Swift's cooperative pool: librabbitmq's
/// calls block (waiting for a delivery, a confirm, a reconnect), and a connection is not thread-safe, so each
/// source and sink keeps all its calls on its own serial queue.
final class AMQPExecutor: SerialExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    /// Creates an executor on a new serial queue named `label`.
    init(label: String) { queue = DispatchQueue(label: label) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }
}
