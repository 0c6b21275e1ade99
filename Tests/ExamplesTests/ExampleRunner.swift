import Foundation

/// Runs an executable built beside the tests, with extra environment, and collects its output.
struct ExampleRunner {
    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

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

    func run(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for name in merged.keys where name.hasPrefix("COMMERCE_") { merged[name] = nil }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        let output = Pipe()
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let error = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try error.close()
        return Output(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self))
    }
}
