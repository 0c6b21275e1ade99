import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wakes waiting workers when a `NOTIFY` arrives on a channel, through one `LISTEN` connection of its own, started on
/// first use and kept open (reconnecting after a server restart, and waking everyone then, since notifications sent
/// while it was away are lost).
///
/// A notification that arrives while nobody waits is remembered, so the next wait returns at once: a worker that
/// checks for work and then waits never sleeps through an enqueue that came in between.
final class PostgresListener: Sendable {
    private struct State {
        var started = false
        var stopped = false
        var pending = false
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let settings: PostgresConnectionSettings
    private let channel: String
    private let payload: String
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "CommerceBridge.PostgresListener")

    /// Listens on `channel` for notifications whose payload is `payload`.
    init(settings: PostgresConnectionSettings, channel: String, payload: String) {
        var settings = settings
        settings.statementTimeout = nil
        self.settings = settings
        self.channel = channel
        self.payload = payload
    }

    /// Returns when a notification arrived since the last wait returned, or after `timeout`, or when the task is
    /// cancelled.
    func wait(timeout: Duration) async {
        if isStopped {
            try? await Task.sleep(for: timeout)  // closed: no wake-ups, but no busy loop for a caller either
            return
        }
        startIfNeeded()
        let id: Int? = state.withLock { state in
            if state.pending || state.stopped {
                state.pending = false
                return nil
            }
            state.nextWaiter += 1
            return state.nextWaiter
        }
        guard let id else { return }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.resume(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.pending || state.stopped || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            resume(id)
        }
        timer.cancel()
    }

    /// Stops listening and wakes every waiter; later waits sleep their timeout.
    func stop() {
        let waiters = state.withLock { state in
            state.stopped = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    private func resume(_ id: Int) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.resume()
    }

    /// Wakes every waiter, or remembers the wake-up when nobody waits.
    private func signal() {
        let waiters = state.withLock { state in
            if state.waiters.isEmpty { state.pending = true }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    private func startIfNeeded() {
        let start = state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
        guard start else { return }
        queue.async { [self] in listen() }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    /// The listening loop, on its own queue: connect, `LISTEN`, wait on the socket, reconnect when it breaks.
    private func listen() {
        var pauses = 0
        while !isStopped {
            let connection: PostgresConnection
            do {
                connection = try PostgresConnection.connect(settings)
                _ = try connection.simpleQuery("LISTEN \(PostgresDatabase.identifier(channel))")
            } catch {
                pauses += 1
                usleep(UInt32(min(2_000, 50 << min(pauses, 6))) * 1_000)
                continue
            }
            pauses = 0
            signal()  // anything sent while not listening was missed: look once
            while !isStopped {
                var descriptor = pollfd(fd: connection.socket, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, 250)
                if ready < 0, errno == EINTR { continue }
                guard ready >= 0 else { break }
                if ready == 0 { continue }
                do {
                    let payloads = try connection.consumeNotifications(channel: channel)
                    if payloads.contains(payload) { signal() }
                } catch {
                    break
                }
                if connection.isBroken { break }
            }
        }
    }
}
