import AdobeCommerce
import Synchronization

/// Answers within a deadline without waiting for slow work to finish.
///
/// A task group would do for work that stops promptly when cancelled, but a group waits for its children on exit,
/// and the engines must not be cancelled half-way: a reservation that is being decided must record its answer (a
/// retry by Commerce then repeats it). So the work runs in its own task, left to finish after a late answer, and the
/// caller resumes with whichever of the work and the timer comes first.
enum WebhookDeadline {
    /// Runs `work` and returns its value, or `late` when `limit` passes first (then `work` goes on to its end).
    static func run<Value: Sendable>(
        within limit: Duration, time: TimeSource, late: Value, _ work: @escaping @Sendable () async -> Value
    ) async -> (value: Value, isLate: Bool) {
        let gate = Gate<(value: Value, isLate: Bool)>()
        return await withCheckedContinuation { continuation in
            gate.arm(continuation)
            let timer = Task {
                try? await time.sleep(for: limit)
                if !Task.isCancelled { gate.resume((late, true)) }
            }
            Task {
                let value = await work()
                timer.cancel()
                gate.resume((value, false))
            }
        }
    }

    /// One continuation, resumed once by whichever side comes first.
    private final class Gate<Value: Sendable>: Sendable {
        private let continuation = Mutex<CheckedContinuation<Value, Never>?>(nil)

        func arm(_ continuation: CheckedContinuation<Value, Never>) {
            self.continuation.withLock { $0 = continuation }
        }

        func resume(_ value: Value) {
            continuation.withLock { $0.take() }?.resume(returning: value)
        }
    }
}
