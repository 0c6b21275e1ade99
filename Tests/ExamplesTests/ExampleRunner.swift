import AdobeCommerceTesting
import Foundation

/// Runs an executable built beside the tests, without the caller's `COMMERCE_*` variables.
struct ExampleRunner {
    let executable: URL

    init(_ name: String) throws {
        executable = try ChildProcess.builtExecutable(name)
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
