/// At most `limit` holders at once; others wait in arrival order.
public actor ConcurrencyBudget {
    private let limit: Int
    private var inUse = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiter = 0

    /// Creates a budget of `limit` (at least 1).
    public init(limit: Int) { self.limit = max(1, limit) }

    /// How many holders there are now.
    public var holders: Int { inUse }

    /// Waits for a place.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    public func acquire() async throws {
        if inUse < limit {
            inUse += 1
            return
        }
        nextWaiter += 1
        let id = nextWaiter
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Gives a place back, to the longest waiter if any.
    public func release() {
        if waiters.isEmpty {
            inUse = max(0, inUse - 1)
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
