#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Everything the client needs to reach a store, every setting but the URL and credentials defaulted.
///
/// ```swift
/// var configuration = AdobeCommerceConfiguration(
///     baseURL: URL(string: "https://shop.example.com")!,
///     authentication: .integration(credentials))
/// configuration.rateLimit = RateLimit(requestsPerSecond: 8, burst: 16)
/// let client = AdobeCommerceClient(configuration: configuration, transport: URLSessionTransport())
/// ```
public struct AdobeCommerceConfiguration: Sendable {
    /// The store's base URL, without `/rest` (a path prefix such as `https://host/shop` is kept).
    public var baseURL: URL
    /// The store view code requests go through unless a call says otherwise.
    public var storeCode: StoreCode
    /// The credentials.
    public var authentication: CommerceAuthentication
    /// Retries for failed requests.
    public var retry: RetryPolicy
    /// A request budget per host, or `nil` for none.
    public var rateLimit: RateLimit?
    /// The longest wait for one attempt's response.
    public var timeout: Duration
    /// The largest page size the client sends (Magento's input limit is 300).
    public var maximumPageSize: Int
    /// The page size used when paging without one.
    public var defaultPageSize: Int
    /// How many pages `pages(_:)` and `all(_:)` fetch ahead of the one being consumed: `1` overlaps the next
    /// request with your work on the current page, `0` fetches each page only when asked for, more keeps that many
    /// requests in flight (give the criteria a stable sort). A sequence's ``PageSequence/prefetching(_:)`` overrides it.
    public var pagePrefetch: Int
    /// The largest number of elements in one bulk call (Magento's async input limit is 5,000).
    public var bulkChunkSize: Int
    /// Receives request, retry and token events.
    public var observer: any CommerceObserver
    /// Time for backoff, rate limiting, timeouts, bulk polling, token expiry and OAuth timestamps.
    public var time: TimeSource
    /// Middleware of your own, run outside the built-in chain.
    public var middleware: [any HTTPMiddleware]
    /// The `User-Agent` header.
    public var userAgent: String

    /// Creates a configuration.
    public init(baseURL: URL, storeCode: StoreCode = .default, authentication: CommerceAuthentication) {
        self.baseURL = baseURL
        self.storeCode = storeCode
        self.authentication = authentication
        self.retry = .default
        self.rateLimit = nil
        self.timeout = .seconds(30)
        self.maximumPageSize = 300
        self.defaultPageSize = 100
        self.pagePrefetch = 1
        self.bulkChunkSize = 5_000
        self.observer = NoOpObserver()
        self.time = .system
        self.middleware = []
        self.userAgent = "CommerceBridge/0.1"
    }

    /// `<baseURL>/rest/<store>`.
    package func restBase(store: StoreCode) -> String {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/rest/\(store.rawValue)"
    }
}
