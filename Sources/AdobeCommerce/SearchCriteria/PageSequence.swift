/// The pages of a list call as an `AsyncSequence`, fetched one at a time as they are consumed.
///
/// It stops by `total_count`: after the page that reaches `ceil(total_count / pageSize)`, or a short or
/// empty page. It never asks past the last page, because Magento answers such a request with the last
/// page again rather than an empty one.
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

    /// Creates a sequence from a page fetcher.
    /// - Parameters:
    ///   - firstPage: The first page to fetch (1-based).
    ///   - pageSize: The page size the fetcher uses.
    ///   - fetch: Fetches one page.
    public init(
        firstPage: Int = 1,
        pageSize: Int,
        fetch: @escaping @Sendable (_ page: Int) async throws -> SearchResults<Item>
    ) {
        self.firstPage = Swift.max(1, firstPage)
        self.pageSize = Swift.max(1, pageSize)
        self.fetch = fetch
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

    /// Fetches pages until the last one.
    public struct Iterator: AsyncIteratorProtocol {
        let sequence: PageSequence
        var nextPage: Int
        var finished = false

        /// The next page, or `nil` after the last.
        public mutating func next() async throws -> SearchResults<Item>? {
            guard !finished else { return nil }
            try Task.checkCancellation()
            let page = try await sequence.fetch(nextPage)
            let lastPage = Swift.max(1, (page.totalCount + sequence.pageSize - 1) / sequence.pageSize)
            if page.items.isEmpty {
                finished = true
                return nil
            }
            if nextPage >= lastPage || page.items.count < sequence.pageSize { finished = true }
            nextPage += 1
            return page
        }
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
