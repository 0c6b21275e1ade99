import CommerceBridgeTesting
import Foundation

/// Runs an executable built beside the tests, without the caller's `COMMERCE_*` variables.
struct ExampleRunner {
    struct NotBuilt: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) was not built next to the tests; run `swift build` first" }
    }

    let executable: URL

    init(_ name: String) throws {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                executable = candidate
                return
            }
            directory = directory.deletingLastPathComponent()
        }
        throw NotBuilt(name: name)
    }

    func run(_ arguments: [String] = [], environment: [String: String] = [:]) async throws -> ChildProcess.Exit {
        var variables: [String: String?] = [:]
        for name in ProcessInfo.processInfo.environment.keys where name.hasPrefix("COMMERCE_") {
            variables[name] = .some(nil)
        }
        for (name, value) in environment { variables[name] = value }
        return try await ChildProcess.run(executable, arguments: arguments, environment: variables)
    }
}
