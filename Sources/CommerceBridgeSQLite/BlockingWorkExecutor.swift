import Dispatch

/// Runs an actor's jobs one at a time on a dispatch queue of its own, off Swift's cooperative pool, so that
/// blocking calls (SQLite waiting on a lock for its busy timeout, `fsync`) never stall other tasks.
///
/// Dispatch lends such queues threads beyond the core count when they block, which the cooperative pool, one
/// thread per core, never does.
final class BlockingWorkExecutor: SerialExecutor, @unchecked Sendable {
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
