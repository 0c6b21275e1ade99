#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The middleware every client puts in front of its transport, outermost first: the configuration's own
/// middleware, retry, rate limit, timeout, authentication, observation.
enum TransportChain {
    static func make(configuration: AdobeCommerceConfiguration, transport: any HTTPTransport) -> any HTTPTransport {
        let observed = MiddlewareTransport(
            base: transport,
            middleware: [ObservabilityMiddleware(observer: configuration.observer, time: configuration.time)])
        let restBase = URL(string: configuration.restBase(store: configuration.storeCode)) ?? configuration.baseURL
        var chain: [any HTTPMiddleware] = configuration.middleware
        chain.append(
            RetryMiddleware(policy: configuration.retry, time: configuration.time, observer: configuration.observer))
        if let rateLimit = configuration.rateLimit {
            chain.append(
                RateLimitMiddleware(limit: rateLimit, time: configuration.time, observer: configuration.observer))
        }
        chain.append(TimeoutMiddleware(defaultTimeout: configuration.timeout, time: configuration.time))
        chain.append(
            AuthenticationMiddleware(
                authentication: configuration.authentication, restBaseURL: restBase, tokenTransport: observed,
                observer: configuration.observer, time: configuration.time))
        return MiddlewareTransport(base: observed, middleware: chain)
    }
}
