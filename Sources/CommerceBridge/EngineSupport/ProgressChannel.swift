import AdobeCommerce

/// The progress stream and periodic loop every engine shares.
struct ProgressChannel: Sendable {
    let engine: String
    let stream: AsyncStream<SyncProgress>
    private let continuation: AsyncStream<SyncProgress>.Continuation

    init(engine: String) {
        self.engine = engine
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(256))
    }

    func report(_ phase: String, processed: Int, total: Int? = nil, errors: Int = 0) {
        continuation.yield(
            SyncProgress(engine: engine, phase: phase, processed: processed, total: total, errors: errors))
    }

    /// Runs `pass` every `interval` until cancelled; a failed pass is reported and the next one runs.
    func loop(every interval: Duration, time: TimeSource, _ pass: () async throws -> Void) async {
        while !Task.isCancelled {
            do {
                try await pass()
            } catch is CancellationError {
                break
            } catch {
                report("failed: \(error)", processed: 0, errors: 1)
            }
            do { try await time.sleep(for: interval) } catch { break }
        }
        continuation.finish()
    }
}
