import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeSQLite
import Foundation

/// The `lifecycle` role: `OrderLifecycleEngine.sync()` in a loop, on one worker at a time. The engine claims each
/// credit memo and return before creating it and searches Commerce when a claim is left pending, which covers a worker
/// that died; it does not make two workers that run at once safe, so the pass runs as a `SyncScheduler` job that runs
/// once per period, coordinated through the shared store: the worker holding the run renews its lease, and when it is
/// killed another takes the run over once the lease lapses.
///
/// Every Commerce call goes through ``AnswerLosingTransport``, so some refunds and returns are created in Commerce
/// while the worker never hears of it.
func runLifecycleWorker(
    baseURL: URL, transport: any HTTPTransport, erp: ScaleERP, store: SQLiteConnectorStore, stopFile: String
) async {
    var configuration = AdobeCommerceConfiguration(
        baseURL: baseURL, authentication: .integration(FakeCommerce.Options().integration))
    configuration.timeout = .seconds(60)
    let commerce = AdobeCommerceClient(
        configuration: configuration, transport: AnswerLosingTransport(base: transport))
    var lifecycleConfiguration = OrderLifecycleEngine.Configuration()
    lifecycleConfiguration.pageSize = 50  // 300 credit memos are six pages, 100 returns two
    lifecycleConfiguration.overlap = .seconds(30)
    let lifecycle = OrderLifecycleEngine(
        commerce: commerce, source: erp, store: store, configuration: lifecycleConfiguration, time: .system)
    let holder = "lifecycle-\(ProcessInfo.processInfo.processIdentifier)"
    let scheduler = SyncScheduler(
        time: .system,
        jobs: [
            .oncePerPeriod(name: "order-lifecycle", period: .milliseconds(200)) {
                let report = try await lifecycle.sync()
                if report.parked > 0 {
                    FileHandle.standardError.write(Data("\(holder): \(report.parked) parked\n".utf8))
                }
            }
        ],
        coordination: SyncScheduler.Coordination(
            store: store, holder: holder, leaseDuration: .seconds(2), retryInterval: .milliseconds(100)),
        onEvent: { event in
            if case .failed = event { FileHandle.standardError.write(Data("\(holder): \(event)\n".utf8)) }
        })
    await withTaskGroup(of: Void.self) { group in
        group.addTask { await scheduler.run() }
        while !FileManager.default.fileExists(atPath: stopFile) {
            try? await Task.sleep(for: .milliseconds(100))
        }
        group.cancelAll()
    }
}

/// Sends every request, and for 3 in 100 refunds and RMA creations throws away Commerce's answer after Commerce has
/// processed the request, as a connection dropped on the way back does: the document exists, the caller does not
/// know it.
struct AnswerLosingTransport: HTTPTransport {
    let base: any HTTPTransport

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        let path = request.url.path
        let creates = request.method == .post && (path.hasSuffix("/refund") || path.hasSuffix("/V1/returns"))
        if creates, Int.random(in: 0..<100) < 3 {
            throw CommerceError(
                code: .connectionFailed, message: "the connection dropped after Commerce answered \(path)")
        }
        return response
    }
}
