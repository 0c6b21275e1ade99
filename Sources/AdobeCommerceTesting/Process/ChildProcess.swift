package import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process for the package's own tests (examples, tools, crash workers, database servers' control
/// programs), started with `posix_spawn` and waited for with `waitpid` on a thread of its own.
///
/// Not Foundation's `Process`: on Linux it learns of a child's end when a socket the child inherits closes, so a
/// daemon the child leaves behind (`pg_ctl start`'s server) or a sibling started at the same moment that inherits
/// the socket too keeps `terminationHandler` from ever running, and a test waits forever. Here the wait is for the
/// process id alone; the child gets standard input from `/dev/null`, its output in temporary files (a chatty child
/// never blocks on a full pipe) and no other descriptor of the test process. Waiting never holds a Swift
/// concurrency thread, and a waiting task that is cancelled (a test's time limit) kills the child.
package final class ChildProcess: Sendable {
    /// How it ended.
    package struct Exit: Sendable {
        /// The exit status, or the signal's number when ``signalled``.
        package var status: Int32
        package var signalled: Bool
        package var standardOutput: String
        package var standardError: String
    }

    /// Why a child could not be started.
    package struct StartFailed: Error, CustomStringConvertible {
        package var executable: String
        package var reason: String
        package var description: String { "cannot start \(executable): \(reason)" }
    }

    private struct State {
        var pid: pid_t = 0
        /// The raw `waitpid` status once it has ended.
        var status: Int32?
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let executable: URL
    private let arguments: [String]
    private let environment: [String: String]
    private let outputFile: URL
    private let errorFile: URL
    /// Whether the output files are this object's temporary ones, removed with it.
    private let ownsFiles: Bool
    /// Shared with the thread that waits.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared = Shared()

    /// Prepares `executable` with `arguments`; `environment` is added to this process's (a `nil` value removes a
    /// variable). The child's standard output and error go to temporary files of its own, or, with `output`, both to
    /// the end of that file, which stays (a server's log).
    package init(
        _ executable: URL, arguments: [String] = [], environment: [String: String?] = [:], output: URL? = nil
    ) throws {
        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value }
        self.executable = executable
        self.arguments = arguments
        self.environment = merged
        if let output {
            outputFile = output
            errorFile = output
            ownsFiles = false
            if !FileManager.default.fileExists(atPath: output.path) {
                _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            }
            return
        }
        let directory = FileManager.default.temporaryDirectory
        outputFile = directory.appendingPathComponent("child-\(UUID().uuidString).out")
        errorFile = directory.appendingPathComponent("child-\(UUID().uuidString).err")
        ownsFiles = true
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    }

    deinit {
        guard ownsFiles else { return }
        try? FileManager.default.removeItem(at: outputFile)
        try? FileManager.default.removeItem(at: errorFile)
    }

    /// Starts it.
    /// - Throws: ``StartFailed`` when `posix_spawn` refuses (no such file, not executable, out of processes), or when
    ///   it was started before (a `ChildProcess` runs once; make another).
    package func start() throws(StartFailed) {
        guard shared.state.withLock({ $0.pid }) == 0 else {
            throw StartFailed(executable: executable.path, reason: "it was started before; make another ChildProcess")
        }
        let pid = try spawn()
        shared.state.withLock { $0.pid = pid }
        // A thread of its own: `waitpid` blocks for as long as the child lives.
        Thread.detachNewThread { [shared] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            let waiters = shared.state.withLock { state in
                state.status = status
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    private func spawn() throws(StartFailed) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_APPEND, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A process group of its own, as Foundation's `Process` does: a terminal's Ctrl-C reaches the test only.
        // No signal blocked and every one at its default: the spawning thread may be one of Dispatch's, which block
        // signals, and the child would inherit that (a SIGTERM to stop it would wait forever).
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        #if canImport(Darwin)
            posix_spawnattr_setflags(&attributes, Int16(flags | POSIX_SPAWN_CLOEXEC_DEFAULT))
        #else
            posix_spawnattr_setflags(&attributes, Int16(flags))
            // No descriptor of the test process (listening sockets, database files, the build lock) reaches the child.
            let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) }
            for descriptor in open ?? Array(3..<1024) where descriptor > 2 {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        #endif
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw StartFailed(executable: executable.path, reason: String(cString: strerror(result)))
        }
        return pid
    }

    /// Whether it has started and not yet ended.
    package var isRunning: Bool { shared.state.withLock { $0.pid != 0 && $0.status == nil } }

    /// Its process id (0 before ``start()``).
    package var processIdentifier: Int32 { shared.state.withLock { $0.pid } }

    /// What it has written to standard output so far.
    package var outputSoFar: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    /// Sends `signal` (SIGKILL by default) if it is still running.
    package func kill(_ signal: Int32 = SIGKILL) {
        // Only while its end is not yet known, so the signal cannot reach another process that reused the id.
        shared.state.withLock { state in
            if state.pid != 0, state.status == nil { _ = sendSignal(state.pid, signal) }
        }
    }

    /// Waits for it to end, and collects its output. If the waiting task is cancelled, the child is killed first.
    package func exit() async -> Exit {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let done = shared.state.withLock { state in
                    if state.status == nil { state.waiters.append(continuation) }
                    return state.status != nil
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            kill()
        }
        return ended(status: shared.state.withLock { $0.status } ?? 0)
    }

    private func ended(status: Int32) -> Exit {
        let read = { (file: URL) in (try? String(contentsOf: file, encoding: .utf8)) ?? "" }
        // WIFEXITED, WEXITSTATUS and WTERMSIG, which Swift does not import.
        let signal = status & 0x7F
        return Exit(
            status: signal == 0 ? (status >> 8) & 0xFF : signal, signalled: signal != 0,
            standardOutput: read(outputFile), standardError: read(errorFile))
    }

    /// Waits at most `timeout` for it to end by itself, then kills it and waits for that.
    /// - Returns: how it ended, and whether it had to be killed.
    package func exit(within timeout: Duration) async -> (exit: Exit, killed: Bool) {
        let deadline = ContinuousClock.now + timeout
        while isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let killed = isRunning
        if killed { kill() }
        return (await exit(), killed)
    }

    /// Blocks the calling thread at most `timeout` until it ends, for code that cannot await (an `atexit` handler,
    /// a test trait's condition); never call it from a task.
    /// - Returns: how it ended, or `nil` while it still runs.
    package func waitBlocking(atMost timeout: Duration) -> Exit? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = shared.state.withLock({ $0.status }) { return ended(status: status) }
            guard ContinuousClock.now < deadline else { return nil }
            usleep(10_000)
        }
    }

    /// An executable this package built next to the running test bundle.
    package struct NotBuilt: Error, CustomStringConvertible {
        package var name: String
        package var description: String { "\(name) was not built next to the tests; run `swift build` first" }
    }

    /// The executable product `name` from the build directory the tests run from.
    /// - Throws: ``NotBuilt`` when it is not there.
    package static func builtExecutable(_ name: String) throws(NotBuilt) -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw NotBuilt(name: name)
    }

    /// Starts `executable`, waits for it, and returns how it ended.
    package static func run(_ executable: URL, arguments: [String] = [], environment: [String: String?] = [:])
        async throws -> Exit
    {
        let child = try ChildProcess(executable, arguments: arguments, environment: environment)
        try child.start()
        return await child.exit()
    }
}

/// `kill(2)`, which ``ChildProcess/kill(_:)`` hides by its name.
private func sendSignal(_ pid: pid_t, _ signal: Int32) -> Int32 {
    kill(pid, signal)
}
