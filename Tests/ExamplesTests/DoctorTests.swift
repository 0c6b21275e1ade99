import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// `commerce-bridge doctor` against FakeCommerce served on loopback, as an integrator runs it against a store.
@Suite(.timeLimit(.minutes(2)))
struct DoctorTests {
    /// Runs the doctor against `store` with its integration's four values (or `credentials`).
    private func doctor(
        _ store: FakeCommerce,
        credentials: IntegrationCredentials? = nil,
        bearer: String? = nil,
        arguments: [String] = []
    ) async throws -> ChildProcess.Exit {
        let server = try FakeCommerceServer(fake: store)
        defer { server.shutdown() }
        let credentials = credentials ?? store.options.integration
        var environment = ["COMMERCE_BASE_URL": server.baseURL.absoluteString, "COMMERCE_STORE_CODE": "default"]
        if let bearer {
            environment["COMMERCE_ACCESS_TOKEN"] = bearer
        } else {
            environment["COMMERCE_CONSUMER_KEY"] = credentials.consumerKey
            environment["COMMERCE_CONSUMER_SECRET"] = credentials.consumerSecret
            environment["COMMERCE_ACCESS_TOKEN"] = credentials.accessToken
            environment["COMMERCE_ACCESS_TOKEN_SECRET"] = credentials.accessTokenSecret
        }
        return try await ExampleRunner("commerce-bridge").run(["doctor"] + arguments, environment: environment)
    }

    /// The report line of `check` with the lines under it, as one line: the report wraps long lines at spaces and
    /// indents what follows, so each wrap becomes one space again.
    private func line(_ check: String, in output: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.dropFirst(9).hasPrefix(check + " ") }) else { return "" }
        var block = [lines[start]]
        for next in lines[(start + 1)...] {
            guard next.hasPrefix("         ") else { break }
            block.append(String(next.drop { $0 == " " }))
        }
        return block.joined(separator: " ")
    }

    private func limitedStore() -> FakeCommerce {
        var options = FakeCommerce.Options()
        options.inputLimits = true
        return FakeCommerce(options: options)
    }

    @Test("With every resource granted and input limits on, every line is ok and the verdict is ready")
    func allOK() async throws {
        let store = limitedStore()
        let result = try await doctor(store)
        let output = result.standardOutput
        #expect(result.status == 0, "\(output)\(result.standardError)")
        for check in [
            "reachable", "TLS", "version", "authentication", "bearer token", "ACL", "input limits", "async consumer",
        ] {
            #expect(line(check, in: output).hasPrefix("ok       "), "\(check): \(output)")
        }
        #expect(line("version", in: output).contains("Magento/2.4 (Community)"))
        #expect(line("TLS", in: output).contains("loopback"))
        #expect(line("authentication", in: output).contains("OAuth 1.0a signature (HMAC-SHA256) accepted"))
        #expect(line("bearer token", in: output).contains("refused as a bearer token"))
        #expect(line("ACL", in: output).contains("26 of the 26 ACL resources the engines use are granted"))
        #expect(line("input limits", in: output).contains("on: a page size of 301 is refused"))
        #expect(line("async consumer", in: output).contains("an async request completed"))
        #expect(output.contains("verdict  ready: nothing failed (0 failed, "))
        #expect(!output.contains(store.options.integration.consumerSecret))
        #expect(!output.contains(store.options.integration.accessTokenSecret))
        // Nothing it sent changed the store: every write probe was refused as input, after the ACL check.
        let writes = store.requests.filter { $0.method != .get && !$0.target.contains("/async/") }
        #expect(!writes.isEmpty)
        #expect(writes.allSatisfy { [400, 404].contains($0.status ?? 0) }, "\(writes)")
    }

    @Test("The schema diff names the SDK's routes the store does not serve")
    func schemaDiff() async throws {
        let result = try await doctor(limitedStore())
        let schema = line("schema", in: result.standardOutput)
        #expect(schema.hasPrefix("ok       schema"), "\(result.standardOutput)")
        // The fake answers the client's catalog and the routes the fake's areas add (the async probe, eventing,
        // webhooks, import, product structure, refunds, returns), not the rest of the 2.4.9 surface.
        let served = FakeCommerce.operations.count
        #expect(Set(CommerceOperation.all.map(\.id)).isSubset(of: Set(FakeCommerce.operations.map(\.id))))
        #expect(served > CommerceOperation.all.count && served < CommerceSchema.Operations.all.count)
        #expect(schema.contains("\(served) routes served to this integration"))
        #expect(schema.contains("\(CommerceSchema.Operations.all.count - served) of the SDK's 614 not among them"))
        #expect(schema.contains("0 the SDK lacks"))
        #expect(schema.contains("not served: DELETE /V1/addresses/{addressId}"))
    }

    @Test("An integration without a resource the engines need fails the ACL line, naming the resource")
    func missingResource() async throws {
        var options = FakeCommerce.Options()
        options.inputLimits = true
        options.integrationResources = Set(
            CommerceOperation.all.map(\.aclResource).filter { $0 != "Magento_Sales::ship" }
                + ["Magento_AsynchronousOperations::system_magento_logging_bulk_operations"])
        let result = try await doctor(FakeCommerce(options: options))
        let acl = line("ACL", in: result.standardOutput)
        #expect(result.status == 1)
        #expect(acl.hasPrefix("fail     ACL"), "\(result.standardOutput)")
        #expect(acl.contains("25 of the 26 ACL resources the engines use are granted"))
        #expect(acl.contains("not granted: Magento_Sales::ship (for \(CommerceOperation.ordersShip.id))"))
        #expect(acl.contains("tick the resources above on the integration's API tab"))
        #expect(line("authentication", in: result.standardOutput).hasPrefix("ok "))
        #expect(result.standardOutput.contains("verdict  not ready: 1 failed"))
    }

    @Test("Wrong credentials fail authentication, exit 1, and no secret reaches the output")
    func wrongCredentials() async throws {
        let store = limitedStore()
        var wrong = store.options.integration
        wrong.consumerSecret = "wrong-consumer-secret-value"
        let result = try await doctor(store, credentials: wrong)
        let authentication = line("authentication", in: result.standardOutput)
        #expect(result.status == 1)
        #expect(authentication.hasPrefix("fail     authentication"), "\(result.standardOutput)")
        #expect(authentication.contains("The signature is invalid. Verify and try again."))
        #expect(authentication.contains("check the four COMMERCE_* OAuth values"))
        #expect(line("ACL", in: result.standardOutput).hasPrefix("skipped  ACL"))
        for secret in [wrong.consumerSecret, wrong.accessTokenSecret, wrong.accessToken, wrong.consumerKey] {
            #expect(!result.standardOutput.contains(secret))
            #expect(!result.standardError.contains(secret))
        }
    }

    @Test("Input limits off are a warning with what to turn on; the verdict stays ready")
    func inputLimitsOff() async throws {
        let result = try await doctor(FakeCommerce())
        let limits = line("input limits", in: result.standardOutput)
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(limits.hasPrefix("warning  input limits"))
        #expect(limits.contains("off: GET /V1/customerGroups/search answered a page size of 301"))
        #expect(limits.contains("webapi/validation/input_limit_enabled"))
    }

    @Test("The integration's access token as a bearer token: refused by default, accepted when the store allows it")
    func bearerToken() async throws {
        let refused = try await doctor(limitedStore(), bearer: FakeCommerce.Options().integration.accessToken)
        #expect(refused.status == 1)
        #expect(line("authentication", in: refused.standardOutput).contains("enable_integration_as_bearer"))

        var options = FakeCommerce.Options()
        options.inputLimits = true
        options.allowsIntegrationTokenAsBearer = true
        let store = FakeCommerce(options: options)
        let accepted = try await doctor(store, bearer: options.integration.accessToken)
        #expect(accepted.status == 0, "\(accepted.standardOutput)")
        #expect(line("authentication", in: accepted.standardOutput).contains("bearer token accepted"))
        let signed = try await doctor(store)
        #expect(line("bearer token", in: signed.standardOutput).contains("also accepted as a bearer token"))
        #expect(!accepted.standardOutput.contains(options.integration.accessToken))
    }

    @Test("An async request that stays open fails the async line: the consumer is not running")
    func consumerNotRunning() async throws {
        var options = FakeCommerce.Options()
        options.inputLimits = true
        options.processesAsyncOperationsImmediately = false
        let result = try await doctor(FakeCommerce(options: options), arguments: ["--async-timeout", "1"])
        let async = line("async consumer", in: result.standardOutput)
        #expect(result.status == 1)
        #expect(async.hasPrefix("fail     async consumer"), "\(result.standardOutput)")
        #expect(async.contains("the async request is still open after 1.0 s"))
        #expect(async.contains("queue:consumers:start async.operations.all"))
    }

    @Test("A store that does not answer fails the first line and skips the rest")
    func unreachable() async throws {
        let result = try await ExampleRunner("commerce-bridge").run(
            ["doctor"],
            environment: ["COMMERCE_BASE_URL": "http://127.0.0.1:9", "COMMERCE_ACCESS_TOKEN": "some-bearer-token"])
        #expect(result.status == 1)
        #expect(line("reachable", in: result.standardOutput).hasPrefix("fail     reachable"))
        #expect(line("schema", in: result.standardOutput).hasPrefix("skipped  schema"))
    }

    @Test("Without COMMERCE_BASE_URL it says what to set and exits 64")
    func notConfigured() async throws {
        let result = try await ExampleRunner("commerce-bridge").run(["doctor"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("set it and the integration's COMMERCE_* values"))
    }
}
