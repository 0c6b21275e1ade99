import Dispatch

/// Runs jobs on a serial queue of its own, so code awaiting under its preference resumes without the cooperative
/// pool.
final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "CommerceBridgeRabbitMQTests.dedicated")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
