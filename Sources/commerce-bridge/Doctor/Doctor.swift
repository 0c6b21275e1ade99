import AdobeCommerce
import Foundation

/// `commerce-bridge doctor`: checks a live store the way an integrator does before going live, each check a real
/// request, and writes a report with a verdict per line.
///
/// Nothing it sends changes the store: reads ask for one item; a resource the engines only write is probed with a
/// write Magento refuses as input before it runs anything (a path value that is not an id, an empty body), since
/// Magento checks the ACL first; the async check asks whether a made-up e-mail address is available.
struct Doctor {
    let http: DoctorHTTP
    /// How long the async request may take to complete.
    let asyncTimeout: Duration
    /// What the engines use: the operations of the hand-written catalog.
    var operations: [CommerceOperation] = CommerceOperation.all

    /// The value put in a probe's path placeholders: no id, SKU or code has it.
    static let probeValue = "commerce-bridge-doctor"

    private var environment: CommerceEnvironment { http.environment }

    /// The values that must never be printed.
    var secrets: [String] {
        switch environment.authentication.kind {
        case .integration(let credentials):
            [
                credentials.consumerKey, credentials.consumerSecret, credentials.accessToken,
                credentials.accessTokenSecret,
            ]
        case .bearer(let token): [token]
        case .adminToken(_, let password), .customerToken(_, let password): [password]
        case .none: []
        }
    }

    func run() async -> DoctorReport {
        var report = DoctorReport()
        guard await checkReachable(&report) else {
            for check in [
                "TLS", "version", "authentication", "bearer token", "ACL", "input limits", "async consumer", "schema",
            ] {
                report.add(.skipped, check, "not checked: the store did not answer")
            }
            return report
        }
        checkTLS(&report)
        await checkVersion(&report)
        let probes = await probeResources()
        let authenticated = checkAuthentication(&report, probes: probes)
        await checkBearer(&report, probes: probes)
        guard authenticated else {
            for check in ["ACL", "input limits", "async consumer", "schema"] {
                report.add(.skipped, check, "not checked: the store did not accept the credentials")
            }
            return report
        }
        checkACL(&report, probes: probes)
        await checkInputLimits(&report, probes: probes)
        await checkAsync(&report)
        await checkSchema(&report)
        return report
    }

    // MARK: - Reachable, TLS, version

    private func checkReachable(_ report: inout DoctorReport) async -> Bool {
        let url = http.siteURL("/")
        let started = ContinuousClock.now
        do {
            let answer = try await http.send(.get, url, credentials: .none)
            let elapsed = ContinuousClock.now - started
            report.add(.ok, "reachable", "HTTP \(answer.status) from \(url.absoluteString) in \(Self.format(elapsed))")
            return true
        } catch {
            report.add(
                .fail, "reachable", "no HTTP answer from \(url.absoluteString): \(Self.describe(error))",
                advice: "check COMMERCE_BASE_URL (the store's base URL, without /rest), DNS, and that this machine "
                    + "may reach the store (firewall, VPN, IP allow-list); for https, that the certificate is valid for the "
                    + "host and trusted here")
            return false
        }
    }

    private func checkTLS(_ report: inout DoctorReport) {
        let host = environment.baseURL.host ?? ""
        if environment.baseURL.scheme == "https" {
            report.add(.ok, "TLS", "https, the certificate accepted")
        } else if Self.isLoopback(host) {
            report.add(.ok, "TLS", "plain http to \(host), a loopback address: a store on this machine")
        } else {
            report.add(
                .warning, "TLS", "plain http to \(host): OAuth signs requests but does not encrypt them",
                advice: "serve the store over https and set COMMERCE_BASE_URL to its https:// address; customer and "
                    + "order data cross the network in clear text")
        }
    }

    private func checkVersion(_ report: inout DoctorReport) async {
        let url = http.siteURL("/magento_version")
        guard let answer = try? await http.send(.get, url, credentials: .none) else {
            report.add(.warning, "version", "GET /magento_version did not answer")
            return
        }
        let text = String(decoding: answer.body.prefix(200), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
        guard answer.isSuccess, text.hasPrefix("Magento/") || text.hasPrefix("Adobe") else {
            report.add(
                .ok, "version",
                "not served (HTTP \(answer.status) from /magento_version): hidden, as many stores do; no other check "
                    + "depends on it")
            return
        }
        let release = text.split(separator: "/").dropFirst().first.map { $0.split(separator: " ")[0] } ?? ""
        let parts = release.split(separator: ".").compactMap { Int($0) }
        if parts.count >= 2, parts[0] == 2, parts[1] < 4 {
            report.add(
                .warning, "version", text,
                advice: "Magento 2.3 and older are out of support; the SDK is built against the 2.4.9 schema, so "
                    + "expect routes and fields it names to be missing")
        } else {
            report.add(.ok, "version", "\(text) (Magento serves the major and minor version only)")
        }
    }

    // MARK: - Authentication and the ACL

    /// One ACL resource the engines need, the request that probed it and the answer.
    struct Probe {
        var resource: String
        var operation: CommerceOperation
        /// The operations of the catalog that need the resource.
        var needing: [CommerceOperation]
        var answer: DoctorHTTP.Answer?
        var error: String?

        var isGranted: Bool { answer.map { !$0.isACLDenial && $0.status < 500 } ?? false }
        var isDenied: Bool { answer?.isACLDenial ?? false }
    }

    /// One probe per ACL resource of ``operations`` (not `anonymous` or `self`): a read when the engines read it
    /// (a search with page size 1 first), otherwise a write refused as input.
    private func probeResources() async -> [Probe] {
        var byResource: [String: [CommerceOperation]] = [:]
        for operation in operations where !["anonymous", "self"].contains(operation.aclResource) {
            byResource[operation.aclResource, default: []].append(operation)
        }
        var probes: [Probe] = []
        for (resource, needing) in byResource.sorted(by: { $0.key < $1.key }) {
            let operation = needing.min { Self.probeRank($0) < Self.probeRank($1) }!
            var probe = Probe(resource: resource, operation: operation, needing: needing)
            do {
                probe.answer = try await send(probe: operation, credentials: .configured)
            } catch {
                probe.error = Self.describe(error)
            }
            probes.append(probe)
        }
        return probes
    }

    /// Reads before writes, searches before gets; a write with path values before one without.
    private static func probeRank(_ operation: CommerceOperation) -> (Int, Int, String) {
        let placeholders = operation.pathParameters.count
        return operation.method == .get ? (0, placeholders, operation.id) : (1, -placeholders, operation.id)
    }

    private func send(probe operation: CommerceOperation, credentials: DoctorHTTP.Credentials) async throws
        -> DoctorHTTP.Answer
    {
        var values: [String: String] = [:]
        for name in operation.pathParameters { values[name] = Self.probeValue }
        let path = (try? operation.renderPath(values)) ?? operation.path
        if operation.method == .get {
            let query = operation.pathParameters.isEmpty ? [(name: "searchCriteria[pageSize]", value: "1")] : []
            return try await http.send(.get, http.restURL(path, query: query), credentials: credentials)
        }
        return try await http.send(operation.method, http.restURL(path), body: .object([:]), credentials: credentials)
    }

    /// The authentication line; whether the store accepted the credentials.
    private func checkAuthentication(_ report: inout DoctorReport, probes: [Probe]) -> Bool {
        let answered = probes.compactMap(\.answer)
        guard let first = answered.first else {
            report.add(
                .fail, "authentication", "no REST request was answered: \(probes.first?.error ?? "nothing to probe")",
                advice: "check that COMMERCE_BASE_URL is the store's base URL")
            return false
        }
        // Magento answers a bad signature, an unknown consumer or token, a stale timestamp or a used nonce with 401
        // (400 when an oauth_* parameter is missing); a refusal for the ACL means the caller was identified, or is a
        // guest (an unknown bearer token).
        if let refused = answered.first(where: { answer in
            ([401, 403].contains(answer.status) && !answer.isACLDenial)
                || (answer.status == 400 && answer.message.lowercased().contains("oauth"))
        }) {
            report.add(
                .fail, "authentication", "the store refused the credentials: HTTP \(refused.status) \(refused.message)",
                advice: isOAuth
                    ? "check the four COMMERCE_* OAuth values against the integration (System › Extensions › "
                        + "Integrations), that the integration is active, and that this machine's clock is right "
                        + "(Magento refuses timestamps more than 600 s ahead)"
                    : "check COMMERCE_ACCESS_TOKEN")
            return false
        }
        if answered.allSatisfy({ $0.status == 404 }) {
            report.add(
                .fail, "authentication",
                "every REST request answered HTTP 404 (\(first.message)): there is no REST API at "
                    + http.restURL("").absoluteString,
                advice: "set COMMERCE_BASE_URL to the store's base URL and COMMERCE_STORE_CODE to a store view code")
            return false
        }
        let granted = probes.filter(\.isGranted).count
        if isOAuth {
            report.add(.ok, "authentication", "OAuth 1.0a signature (HMAC-SHA256) accepted")
            return true
        }
        guard granted > 0 else {
            report.add(
                .fail, "authentication",
                "the bearer token was refused on every route (\(first.message)): the store does not accept it, or "
                    + "the integration is granted none of the resources the engines need",
                advice: "since 2.4.4 Magento refuses an integration's access token as a bearer token unless "
                    + "oauth/consumer/enable_integration_as_bearer is on (Stores › Configuration › Services › OAuth › "
                    + "Consumer Settings); set all four COMMERCE_* OAuth values instead, so that requests are signed")
            return false
        }
        report.add(.ok, "authentication", "bearer token accepted")
        return true
    }

    private var isOAuth: Bool {
        if case .integration = environment.authentication.kind { true } else { false }
    }

    /// Whether the store takes the integration's access token as a bearer token, found by trying.
    private func checkBearer(_ report: inout DoctorReport, probes: [Probe]) async {
        guard case .integration(let credentials) = environment.authentication.kind else {
            report.add(.ok, "bearer token", "the credentials are a bearer token (see authentication)")
            return
        }
        guard let granted = probes.first(where: \.isGranted) else {
            report.add(.skipped, "bearer token", "not checked: no route answered the signed requests")
            return
        }
        guard let answer = try? await send(probe: granted.operation, credentials: .bearer(credentials.accessToken))
        else {
            report.add(.warning, "bearer token", "not checked: the request did not get an answer")
            return
        }
        if answer.isACLDenial || answer.status == 401 {
            report.add(
                .ok, "bearer token",
                "the access token is refused as a bearer token (the default since 2.4.4, "
                    + "oauth/consumer/enable_integration_as_bearer off); the SDK signs with OAuth, so nothing to do")
        } else {
            report.add(
                .ok, "bearer token",
                "the access token is also accepted as a bearer token (oauth/consumer/enable_integration_as_bearer is "
                    + "on); either works, OAuth signing is the SDK's default")
        }
    }

    private func checkACL(_ report: inout DoctorReport, probes: [Probe]) {
        let denied = probes.filter(\.isDenied)
        let unclear = probes.filter { !$0.isGranted && !$0.isDenied }
        let granted = probes.count - denied.count - unclear.count
        let finding = "\(granted) of the \(probes.count) ACL resources the engines use are granted"
        if denied.isEmpty, unclear.isEmpty {
            report.add(.ok, "ACL", finding)
            return
        }
        var details = denied.map { probe in
            "not granted: \(probe.resource) (for \(probe.needing.map(\.id).joined(separator: ", ")))"
        }
        details += unclear.map { probe in
            "could not tell: \(probe.resource): "
                + (probe.answer.map { "HTTP \($0.status) \($0.message)" } ?? probe.error ?? "no answer")
        }
        report.add(
            denied.isEmpty ? .warning : .fail, "ACL", finding, details: details,
            advice: denied.isEmpty
                ? "run the doctor again; if it persists, look in the store's exception log for the requests above"
                : "tick the resources above on the integration's API tab (System › Extensions › Integrations › the "
                    + "integration › API) and save it; the connector's engines fail on every call that needs them")
    }

    // MARK: - Input limits

    /// Whether a searchCriteria page size over 300 is refused, on a search the integration may read.
    private func checkInputLimits(_ report: inout DoctorReport, probes: [Probe]) async {
        // The searches the engines use, the cheapest first (a few rows on any store).
        let preferred = [
            CommerceOperation.customerGroupsSearch, .stocksSearch, .sourcesSearch, .productAttributesSearch,
            .categoriesSearch, .sourceItemsSearch, .productsSearch, .customersSearch, .ordersSearch, .invoicesSearch,
            .shipmentsSearch, .creditmemosSearch,
        ].map(\.id)
        let searches = probes.filter { $0.isGranted }.flatMap(\.needing).filter { preferred.contains($0.id) }
        guard
            let search = searches.min(by: {
                (preferred.firstIndex(of: $0.id) ?? 99, $0.id) < (preferred.firstIndex(of: $1.id) ?? 99, $1.id)
            })
        else {
            report.add(.skipped, "input limits", "not checked: the integration may read none of the searches")
            return
        }
        let url = http.restURL(
            search.path, query: [("searchCriteria[pageSize]", "301"), ("searchCriteria[currentPage]", "1")])
        guard let answer = try? await http.send(.get, url) else {
            report.add(.warning, "input limits", "not checked: \(search.path) did not answer")
            return
        }
        if answer.status == 400, answer.message.lowercased().contains("pagesize") {
            report.add(
                .ok, "input limits",
                "on: a page size of 301 is refused (\"\(answer.message)\"); the SDK pages at 300 at most and "
                    + "chunks writes to 20 items per request and 5,000 per bulk request")
        } else if answer.isSuccess {
            report.add(
                .warning, "input limits",
                "off: GET \(search.path) answered a page size of 301 (Magento 2.4.7+ refuses over 300 when they "
                    + "are on)",
                advice: "turn them on (Stores › Configuration › Services › Web API Input Limits, "
                    + "webapi/validation/input_limit_enabled): without them any caller may ask for every row in one "
                    + "request; the SDK keeps within them either way")
        } else {
            report.add(
                .warning, "input limits",
                "could not tell: GET \(search.path) with a page size of 301 answered HTTP \(answer.status) "
                    + answer.message)
        }
    }

    // MARK: - Async consumer

    /// A harmless async request (is a made-up e-mail address available?) and its bulk status until it completes.
    private func checkAsync(_ report: inout DoctorReport) async {
        let operation = CommerceSchema.Operations.Customers.postCustomersIsEmailAvailableOperation
        let email = "commerce-bridge-doctor-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let started = ContinuousClock.now
        let accepted: DoctorHTTP.Answer
        do {
            accepted = try await http.send(
                .post, http.restURL(operation.path, async: true), body: ["customerEmail": .string(email)])
        } catch {
            report.add(.fail, "async consumer", "POST /async\(operation.path) got no answer: \(Self.describe(error))")
            return
        }
        guard accepted.status == 202, let uuid = accepted.json?["bulk_uuid"]?.stringValue else {
            report.add(
                .fail, "async consumer",
                "POST /async\(operation.path) answered HTTP \(accepted.status) \(accepted.message)",
                advice: "the async API (Magento_WebapiAsync) must be enabled: the catalog sync sends through it")
            return
        }
        let statusURL = http.restURL(
            (try? CommerceOperation.bulkStatus.renderPath(["bulkUuid": uuid])) ?? "/V1/bulk/\(uuid)/status")
        var last = "open"
        while ContinuousClock.now - started < asyncTimeout {
            guard let answer = try? await http.send(.get, statusURL) else { break }
            if answer.isACLDenial {
                report.add(
                    .warning, "async consumer",
                    "the request was queued (bulk \(uuid)), but its status cannot be read: \(answer.message)",
                    advice: "grant \(CommerceOperation.bulkStatus.aclResource) so the connector can follow bulk "
                        + "requests")
                return
            }
            let statuses = (answer.json?["operations_list"]?.arrayValue ?? []).compactMap { $0["status"]?.intValue }
            if !statuses.isEmpty, statuses.allSatisfy({ $0 == 1 }) {
                report.add(
                    .ok, "async consumer",
                    "an async request completed in \(Self.format(ContinuousClock.now - started)) (bulk \(uuid)): "
                        + "the async.operations.all consumer runs")
                return
            }
            if let failed = statuses.first(where: { [2, 3, 5].contains($0) }) {
                let message =
                    (answer.json?["operations_list"]?.arrayValue ?? []).compactMap { $0["result_message"]?.stringValue }
                    .first ?? ""
                report.add(
                    .warning, "async consumer",
                    "the consumer ran the async request, which ended with status \(failed) (bulk \(uuid)): \(message)")
                return
            }
            last = statuses.isEmpty ? "not yet listed" : "open"
            try? await Task.sleep(for: .milliseconds(500))
        }
        report.add(
            .fail, "async consumer",
            "the async request is still \(last) after \(Self.format(asyncTimeout)) (bulk \(uuid)): the "
                + "async.operations.all consumer is not running",
            advice: "start it (bin/magento queue:consumers:start async.operations.all), or let cron start consumers "
                + "(cron_consumers_runner in app/etc/env.php); the catalog sync writes through it")
    }

    // MARK: - Schema

    private func checkSchema(_ report: inout DoctorReport) async {
        let url = http.restURL("/schema", query: [("services", "all")])
        let answer: DoctorHTTP.Answer
        do {
            answer = try await http.send(.get, url)
        } catch {
            report.add(.warning, "schema", "GET /schema got no answer: \(Self.describe(error))")
            return
        }
        guard answer.isSuccess, let document = answer.json else {
            report.add(.warning, "schema", "GET /schema?services=all answered HTTP \(answer.status) \(answer.message)")
            return
        }
        let diff: SchemaDiff
        do {
            diff = try SchemaDiff(document: document)
        } catch {
            report.add(.warning, "schema", "GET /schema?services=all: \(error.reason)")
            return
        }
        let sdkCount = CommerceSchema.Operations.all.count
        let extraKeyCount = diff.extraKeys.reduce(0) { $0 + $1.keys.count }
        let finding =
            "\(diff.storeRouteCount) routes served to this integration; \(diff.missingInStore.count) of the SDK's "
            + "\(sdkCount) not among them, \(diff.missingInSDK.count) the SDK lacks; \(extraKeyCount) properties "
            + "in \(diff.extraKeys.count) definitions and \(diff.unknownDefinitions.count) definitions the SDK's "
            + "models lack"
        var details: [String] = []
        func list(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            let shown = items.prefix(5).joined(separator: ", ")
            details.append("\(title): \(shown)\(items.count > 5 ? ", … (\(items.count - 5) more)" : "")")
        }
        list("not served", diff.missingInStore.map(\.description))
        list("the SDK lacks", diff.missingInSDK.map(\.description))
        list("extra properties", diff.extraKeys.map { "\($0.definition): \($0.keys.joined(separator: ", "))" })
        list("unknown definitions", diff.unknownDefinitions)
        if !diff.missingInStore.isEmpty {
            details.append(
                "(Magento lists only the routes the caller may use; routes of Adobe Commerce only, such as B2B, are "
                    + "not on an open-source store)")
        }
        if diff.missingInSDK.isEmpty, diff.extraKeys.isEmpty, diff.unknownDefinitions.isEmpty {
            report.add(.ok, "schema", finding, details: details)
        } else {
            report.add(
                .warning, "schema", finding, details: details,
                advice: "the store has custom modules or a newer release: the SDK keeps what it does not name in "
                    + "additionalFields, and `swift run commerce-codegen --schema '\(url.absoluteString)' --output "
                    + "DIR --namespace MyStore` generates typed operations and models for them")
        }
    }

    // MARK: - Helpers

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds < 1000 ? "\(milliseconds) ms" : String(format: "%.1f s", Double(milliseconds) / 1000)
    }

    static func describe(_ error: any Error) -> String {
        Redactor.redact((error as? CommerceError)?.message ?? "\(error)")
    }
}
