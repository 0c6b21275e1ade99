import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `fake-commerce` tool: serves on a port, answers curl, stops on Ctrl-C and keeps its state.
@Suite(.timeLimit(.minutes(1)))
struct FakeCommerceToolTests {
    struct NoBanner: Error {
        var standardError: String
    }

    /// Starts the tool and waits for its banner; returns the process and its base URL.
    private func start(_ arguments: [String]) async throws -> (ChildProcess, String) {
        let tool = try ExampleRunner("fake-commerce")
        let process = try ChildProcess(tool.executable, arguments: arguments)
        try process.start()
        for _ in 0..<200 {
            let output = process.outputSoFar
            if output.contains("Ctrl-C stops it."),
                let range = output.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression)
            {
                return (process, String(output[range]))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(process.processIdentifier, SIGKILL)
        let exit = await process.exit()
        throw NoBanner(standardError: exit.standardError)
    }

    private func curl(_ arguments: String...) async throws -> String {
        try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["curl", "-sS", "-g"] + arguments)
            .standardOutput
    }

    @Test("Seeds the catalog asked for, answers curl with a bearer token, and keeps its store across Ctrl-C")
    func servesAndRestores() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("fake-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: state) }
        let (first, base) = try await start(["--port", "0", "--products", "25", "--orders", "3", "--state", state.path])
        let token = try await curl(
            "-X", "POST", "\(base)/rest/V1/integration/admin/token", "-H", "Content-Type: application/json",
            "-d", #"{"username":"admin","password":"admin123"}"#
        ).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        let page = try await curl(
            "-H", "Authorization: Bearer \(token)", "\(base)/rest/default/V1/products?searchCriteria[pageSize]=1")
        #expect(page.contains(#""total_count":25"#))
        _ = try await curl(
            "-X", "PUT", "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json",
            "\(base)/rest/all/V1/products/SKU-000002", "-d", #"{"product":{"sku":"SKU-000002","name":"Kept"}}"#)
        kill(first.processIdentifier, SIGINT)
        let stopped = await first.exit()
        #expect(stopped.status == 0 && stopped.standardOutput.contains("Saved the store to"))

        let (second, again) = try await start(["--port", "0", "--state", state.path])
        let product = try await curl(
            "-X", "POST", "\(again)/graphql", "-H", "Content-Type: application/json",
            "-d", #"{"query":"{ products(filter: {sku: {eq: \"SKU-000002\"}}) { total_count items { name } } }"}"#)
        #expect(product == #"{"data":{"products":{"items":[{"name":"Kept"}],"total_count":1}}}"#)
        kill(second.processIdentifier, SIGTERM)
        #expect(await second.exit().standardOutput.contains("Loaded the store from"))
    }

    @Test("A bad option is refused with the usage and exit status 64")
    func badOption() async throws {
        let result = try await ExampleRunner("fake-commerce").run(["--products", "lots"])
        #expect(result.status == 64)
        #expect(result.standardError.contains(#"--products takes a whole number from 0 to 1000000, not "lots""#))
        #expect(result.standardOutput.contains("usage: fake-commerce"))
    }
}
