import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Synchronization
import Testing

/// Pipelined paging, observed at the transport: which page requests start, when, how many at once, and which are
/// cancelled.
struct PagePrefetchTests {
    /// Forwards to a ``FakeCommerce`` but records each search request's page as it starts and holds it until the
    /// test releases that page; a page listed in `failing` is answered with HTTP 400.
    final class GatedTransport: HTTPTransport {
        struct State {
            var started: [Int] = []
            var cancelled: [Int] = []
            var released: Set<Int> = []
            var waiting: [Int: CheckedContinuation<Void, Never>] = [:]
            var inFlight = 0
            var maximumInFlight = 0
        }

        private let inner: FakeCommerce
        private let failing: Set<Int>
        private let state = Mutex(State())

        init(_ inner: FakeCommerce, failing: Set<Int> = []) {
            self.inner = inner
            self.failing = failing
        }

        var started: [Int] { state.withLock { $0.started } }
        var cancelled: [Int] { state.withLock { $0.cancelled } }
        var maximumInFlight: Int { state.withLock { $0.maximumInFlight } }

        func release(_ pages: Int...) {
            let continuations = state.withLock { state in
                pages.compactMap { page in
                    state.released.insert(page)
                    return state.waiting.removeValue(forKey: page)
                }
            }
            for continuation in continuations { continuation.resume() }
        }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let page =
                URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?
                .first { $0.name == "searchCriteria[currentPage]" }?.value.flatMap { Int($0) } ?? 0
            state.withLock { state in
                state.started.append(page)
                state.inFlight += 1
                state.maximumInFlight = max(state.maximumInFlight, state.inFlight)
            }
            defer { state.withLock { $0.inFlight -= 1 } }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let open = state.withLock { state in
                        guard !state.released.contains(page), !state.cancelled.contains(page) else { return true }
                        state.waiting[page] = continuation
                        return false
                    }
                    if open { continuation.resume() }
                }
            } onCancel: {
                let continuation = state.withLock { state in
                    state.cancelled.append(page)
                    return state.waiting.removeValue(forKey: page)
                }
                continuation?.resume()
            }
            try Task.checkCancellation()
            if failing.contains(page) {
                return HTTPResponse(
                    status: 400, headers: ["Content-Type": "application/json"],
                    body: Data(#"{"message":"Page %1 is refused.","parameters":["\#(page)"]}"#.utf8))
            }
            return try await inner.send(request)
        }
    }

    private func makeClient(productCount: Int, failing: Set<Int> = []) throws -> (AdobeCommerceClient, GatedTransport) {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: productCount)
        let transport = GatedTransport(fake, failing: failing)
        var configuration = AdobeCommerceConfiguration(
            baseURL: fake.baseURL, authentication: .integration(fake.options.integration))
        configuration.time = fake.options.time
        configuration.retry = .none
        return (AdobeCommerceClient(configuration: configuration, transport: transport), transport)
    }

    /// Waits (up to 10 s of wall time) until `condition` holds.
    /// Waits for `condition`, for up to a minute: a loaded machine (the whole suite runs at once on two cores) can
    /// leave a task unscheduled for seconds. Running out of time is a failure of its own, named where it happened.
    private func eventually(
        _ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("the condition did not hold within a minute", sourceLocation: sourceLocation)
                return
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// A moment for a request that should not start to show up if it would.
    private func settle() async throws { try await Task.sleep(for: .milliseconds(50)) }

    @Test("Page k+1 is requested while the consumer holds page k, and no page is asked for past the last")
    func prefetchesOnePageAhead() async throws {
        let (client, transport) = try makeClient(productCount: 10)
        var pages = client.products.pages(SearchCriteria().page(size: 3)).makeAsyncIterator()
        transport.release(1)
        let first = try #require(try await pages.next())
        #expect(first.items.count == 3)
        try await eventually { transport.started == [1, 2] }
        try await settle()
        #expect(transport.started == [1, 2], "one page ahead, not two")
        transport.release(2, 3, 4)
        var counts = [first.items.count]
        while let page = try await pages.next() { counts.append(page.items.count) }
        #expect(counts == [3, 3, 3, 1])
        #expect(transport.started == [1, 2, 3, 4], "page 5 would repeat page 4: it is never asked for")
        #expect(transport.maximumInFlight == 1)
    }

    @Test("prefetching(0) fetches each page only when asked for")
    func onDemand() async throws {
        let (client, transport) = try makeClient(productCount: 10)
        var pages = client.products.pages(SearchCriteria().page(size: 5)).prefetching(0).makeAsyncIterator()
        transport.release(1, 2)
        _ = try await pages.next()
        try await settle()
        #expect(transport.started == [1])
        _ = try await pages.next()
        #expect(transport.started == [1, 2])
        #expect(try await pages.next() == nil)
    }

    @Test("With prefetching(3), three requests run at once and no more, and pages still arrive in order")
    func boundedConcurrentFetch() async throws {
        let (client, transport) = try makeClient(productCount: 8)
        let criteria = SearchCriteria().page(size: 1).sorted(by: "sku")
        var pages = client.products.pages(criteria).prefetching(3).makeAsyncIterator()
        transport.release(1)
        let first = try #require(try await pages.next())
        try await eventually { transport.started.count == 4 }
        try await settle()
        // Pages 2 to 4 run at once, so the order they reach the transport in is the scheduler's.
        #expect(transport.started.sorted() == [1, 2, 3, 4])
        // Released out of order: page 2 is still the next one handed over.
        transport.release(4, 3)
        try await settle()
        #expect(transport.started.sorted() == [1, 2, 3, 4], "pages 3 and 4 done, but page 2 is not consumed yet")
        transport.release(2, 5, 6, 7, 8)
        var skus = [first.items.first?.sku]
        while let page = try await pages.next() { skus.append(page.items.first?.sku) }
        #expect(skus == (1...8).map { String(format: "SKU-%06d", $0) })
        #expect(transport.started.sorted() == Array(1...8) && transport.started.count == 8)
        #expect(transport.maximumInFlight == 3)
    }

    @Test("Cancelling the consumer cancels the request in flight and starts no other")
    func cancellationStopsFetching() async throws {
        let (client, transport) = try makeClient(productCount: 10)
        let pages = client.products.pages(SearchCriteria().page(size: 2))
        let delivered = Mutex(0)
        let consumer = Task {
            for try await _ in pages { delivered.withLock { $0 += 1 } }
        }
        transport.release(1)
        try await eventually { delivered.withLock { $0 } == 1 && transport.started == [1, 2] }
        consumer.cancel()
        let result = await consumer.result
        #expect(throws: (any Error).self) { try result.get() }
        try await eventually { transport.cancelled == [2] }
        try await settle()
        #expect(transport.cancelled == [2])
        #expect(transport.started == [1, 2], "nothing is requested after the consumer is cancelled")
    }

    @Test("Leaving the loop early cancels the page fetched ahead")
    func breakCancelsPrefetch() async throws {
        let (client, transport) = try makeClient(productCount: 10)
        transport.release(1)
        for try await page in client.products.pages(SearchCriteria().page(size: 2)) {
            #expect(page.items.count == 2)
            try await eventually { transport.started == [1, 2] }
            break
        }
        try await eventually { transport.cancelled == [2] }
        #expect(transport.cancelled == [2])
        #expect(transport.started == [1, 2])
    }

    @Test("An error on page 3 is thrown after pages 1 and 2 are delivered, and the sequence then ends")
    func errorSurfacesAtItsPage() async throws {
        let (client, transport) = try makeClient(productCount: 10, failing: [3])
        transport.release(1, 2, 3, 4, 5)
        var pages = client.products.pages(SearchCriteria().page(size: 2)).makeAsyncIterator()
        var delivered: [String?] = []
        let error = await #expect(throws: CommerceError.self) {
            while let page = try await pages.next() { delivered.append(page.items.first?.sku) }
        }
        #expect(error?.code == .badRequest)
        #expect(delivered == ["SKU-000001", "SKU-000003"])
        #expect(try await pages.next() == nil)
        try await settle()
        #expect(transport.started == [1, 2, 3], "nothing is fetched past the failed page")
    }
}
