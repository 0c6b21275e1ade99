package import Foundation
import Synchronization

/// A child process for the package's own tests (examples, tools, crash workers), waited for without holding a
/// Swift concurrency thread: `Process.waitUntilExit()` and blocking pipe reads on the cooperative pool (two
/// threads on a two-core machine) stall every other test's timers.
package final class ChildProcess: Sendable {
    /// How it ended.
    package struct Exit: Sendable {
        package var status: Int32
        package var signalled: Bool
        package var standardOutput: String
        package var standardError: String
    }

    private let process: Process
    private let outputFile: URL
    private let errorFile: URL
    private let ended = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Prepares `executable` with `arguments`; `environment` is added to this process's (a `nil` value removes a
    /// variable). Output goes to temporary files, so a chatty child never blocks on a full pipe.
    package init(_ executable: URL, arguments: [String] = [], environment: [String: String?] = [:]) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value }
        process.environment = merged
        let directory = FileManager.default.temporaryDirectory
        outputFile = directory.appendingPathComponent("child-\(UUID().uuidString).out")
        errorFile = directory.appendingPathComponent("child-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        self.process = process
    }

    deinit {
        try? FileManager.default.removeItem(at: outputFile)
        try? FileManager.default.removeItem(at: errorFile)
    }

    /// Starts it.
    package func start() throws {
        process.terminationHandler = { [self] _ in
            let waiters = ended.withLock { state in
                state.done = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        try process.run()
    }

    /// Whether it is still running.
    package var isRunning: Bool { process.isRunning }

    /// Its process id.
    package var processIdentifier: Int32 { process.processIdentifier }

    /// What it has written to standard output so far.
    package var outputSoFar: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    /// Waits for it to end, and collects its output.
    package func exit() async -> Exit {
        await withCheckedContinuation { continuation in
            let done = ended.withLock { state in
                if !state.done { state.waiters.append(continuation) }
                return state.done
            }
            if done { continuation.resume() }
        }
        let read = { (file: URL) in (try? String(contentsOf: file, encoding: .utf8)) ?? "" }
        return Exit(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            standardOutput: read(outputFile), standardError: read(errorFile))
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
