/// The pages of a list call as an `AsyncSequence`, the next page fetched while the current one is consumed.
///
/// It stops by `total_count`: after the page that reaches `ceil(total_count / pageSize)`, or a short or
/// empty page. It never asks past the last page, because Magento answers such a request with the last
/// page again rather than an empty one: a page is requested ahead only when the newest page received says it
/// exists (it is full, and `total_count` reaches it).
///
/// By default one page is fetched ahead (``prefetch``): while your loop works on page *k*, page *k + 1* is on the
/// wire. ``prefetching(_:)`` changes how many: `0` fetches each page only when asked for, a larger number keeps
/// that many requests in flight once `total_count` is known (a bounded concurrent fetch: give the criteria a
/// stable sort, such as `entity_id`, so concurrent pages cannot overlap or leave gaps). Pages always arrive in
/// order; no more than `max(1, prefetch)` requests are ever outstanding; an error is thrown by the `next()` that
/// would have returned the failed page, after every page before it; cancelling the consuming task, or leaving the
/// loop, cancels the requests in flight and starts no more.
///
/// ```swift
/// for try await page in client.orders.pages(SearchCriteria().page(size: 100)) {
///     print(page.items.count, "of", page.totalCount)
/// }
/// ```
public struct PageSequence<Item: Decodable & Sendable>: AsyncSequence, Sendable {
    /// A page.
    public typealias Element = SearchResults<Item>

    private let firstPage: Int
    private let pageSize: Int
    private let fetch: @Sendable (_ page: Int) async throws -> SearchResults<Item>
    /// How many pages are fetched ahead of the one being consumed (`0`: none).
    public private(set) var prefetch: Int

    /// Creates a sequence from a page fetcher.
    /// - Parameters:
    ///   - firstPage: The first page to fetch (1-based).
    ///   - pageSize: The page size the fetcher uses.
    ///   - prefetch: How many pages to fetch ahead of the one being consumed; `0` fetches on demand.
    ///   - fetch: Fetches one page.
    public init(
        firstPage: Int = 1,
        pageSize: Int,
        prefetch: Int = 1,
        fetch: @escaping @Sendable (_ page: Int) async throws -> SearchResults<Item>
    ) {
        self.firstPage = Swift.max(1, firstPage)
        self.pageSize = Swift.max(1, pageSize)
        self.prefetch = Swift.max(0, prefetch)
        self.fetch = fetch
    }

    /// The same pages with `pages` fetched ahead of the one being consumed (`0`: each page only when asked for).
    public func prefetching(_ pages: Int) -> PageSequence {
        var copy = self
        copy.prefetch = Swift.max(0, pages)
        return copy
    }

    /// The items of every page, one at a time.
    public var items: ItemSequence<Item> { ItemSequence(pages: self) }

    /// Fetches every page and returns all items.
    public func collect() async throws -> [Item] {
        var all: [Item] = []
        for try await page in self { all.append(contentsOf: page.items) }
        return all
    }

    /// Creates the iterator.
    public func makeAsyncIterator() -> Iterator { Iterator(sequence: self, nextPage: firstPage) }

    /// Fetches pages until the last one, keeping up to ``PageSequence/prefetch`` requests ahead.
    public struct Iterator: AsyncIteratorProtocol {
        let sequence: PageSequence
        /// The next page number to request.
        var nextPage: Int
        var finished = false
        /// The requests made and not yet returned, in page order; cancelled when the iterator goes away.
        private let inFlight = InFlight()

        init(sequence: PageSequence, nextPage: Int) {
            self.sequence = sequence
            self.nextPage = nextPage
        }

        /// The next page, or `nil` after the last.
        /// - Throws: What fetching the page threw (the pages in flight behind it are cancelled), or
        ///   `CancellationError` when the calling task is cancelled.
        public mutating func next() async throws -> SearchResults<Item>? {
            guard !finished else { return nil }
            do {
                try Task.checkCancellation()
                if inFlight.isEmpty { start() }
                let (number, request) = inFlight.removeFirst()
                let page = try await withTaskCancellationHandler {
                    try await request.value
                } onCancel: { [pending = inFlight.tasks] in
                    request.cancel()
                    for task in pending { task.cancel() }
                }
                try Task.checkCancellation()
                let lastPage = Swift.max(1, (page.totalCount + sequence.pageSize - 1) / sequence.pageSize)
                if page.items.isEmpty {
                    finish()
                    return nil
                }
                if number >= lastPage || page.items.count < sequence.pageSize {
                    finish()
                } else {
                    // Requests made ahead on an older total that this page puts past the end are dropped.
                    inFlight.cancel(after: lastPage)
                    nextPage = Swift.min(nextPage, lastPage + 1)
                    while inFlight.count < sequence.prefetch, nextPage <= lastPage { start() }
                }
                return page
            } catch {
                finish()
                throw error
            }
        }

        /// Requests `nextPage`. An iterator outlives each `next()`, so a request made ahead cannot be a child task;
        /// ``InFlight`` cancels whatever is left when the iterator finishes or goes away.
        private mutating func start() {
            let (fetch, number) = (sequence.fetch, nextPage)
            inFlight.append(number, Task { try await fetch(number) })
            nextPage += 1
        }

        private mutating func finish() {
            finished = true
            inFlight.cancelAll()
        }
    }

    /// The requests an iterator has in flight; whatever is left is cancelled when the iterator is dropped, so a
    /// loop that breaks early leaves nothing running.
    private final class InFlight {
        private(set) var entries: [(page: Int, task: Task<SearchResults<Item>, any Error>)] = []

        var isEmpty: Bool { entries.isEmpty }
        var count: Int { entries.count }
        var tasks: [Task<SearchResults<Item>, any Error>] { entries.map(\.task) }

        func append(_ page: Int, _ task: Task<SearchResults<Item>, any Error>) { entries.append((page, task)) }

        func removeFirst() -> (Int, Task<SearchResults<Item>, any Error>) {
            let first = entries.removeFirst()
            return (first.page, first.task)
        }

        func cancel(after lastPage: Int) {
            for entry in entries where entry.page > lastPage { entry.task.cancel() }
            entries.removeAll { $0.page > lastPage }
        }

        func cancelAll() {
            for entry in entries { entry.task.cancel() }
            entries.removeAll()
        }

        deinit { for entry in entries { entry.task.cancel() } }
    }
}

/// The items of a ``PageSequence``, one at a time.
public struct ItemSequence<Item: Decodable & Sendable>: AsyncSequence, Sendable {
    /// An item.
    public typealias Element = Item

    let pages: PageSequence<Item>

    /// Creates the iterator.
    public func makeAsyncIterator() -> Iterator { Iterator(pages: pages.makeAsyncIterator()) }

    /// Walks the items of each page in order.
    public struct Iterator: AsyncIteratorProtocol {
        var pages: PageSequence<Item>.Iterator
        var buffer: [Item] = []
        var index = 0

        /// The next item, or `nil` after the last page.
        public mutating func next() async throws -> Item? {
            while index >= buffer.count {
                guard let page = try await pages.next() else { return nil }
                buffer = page.items
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}
