#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Holds an admin or customer token, fetching it on first use and again when a request with it answers
/// 401; one fetch is in flight at a time however many requests fail at once.
///
/// When Magento refuses the credentials, the refusal is remembered and thrown again without asking for a while (a
/// minute, doubling with each refusal up to 15 minutes): Magento locks an admin account after repeated failed
/// sign-ins, and a queue of requests must not become a queue of sign-in attempts.
package actor TokenProvider {
    /// The first wait after a refusal, and the longest.
    static let refusalCooldown: (first: Duration, longest: Duration) = (.seconds(60), .seconds(900))

    private let kind: String
    private let request: HTTPRequest
    private let transport: any HTTPTransport
    private let observer: any CommerceObserver
    private let time: TimeSource
    private var token: String?
    private var inflight: Task<String, any Error>?
    private var refusal: (error: CommerceError, until: Date, count: Int)?

    /// - Parameters:
    ///   - kind: `admin` or `customer`, for messages.
    ///   - request: The token request (URL and JSON body with the credentials).
    ///   - transport: Sends the token request (below the authentication middleware).
    ///   - observer: Told when a token is issued.
    ///   - time: The clock refusals are remembered on.
    package init(
        kind: String, request: HTTPRequest, transport: any HTTPTransport, observer: any CommerceObserver,
        time: TimeSource
    ) {
        self.kind = kind
        self.request = request
        self.transport = transport
        self.observer = observer
        self.time = time
    }

    /// The current token, fetched if there is none.
    package func current() async throws -> String {
        if let token { return token }
        return try await renew(replacing: nil)
    }

    /// A token other than `stale`: the one another caller already fetched, or a new one.
    package func renew(replacing stale: String?) async throws -> String {
        if let token, token != stale { return token }
        if let inflight { return try await inflight.value }
        if let refusal, time.now() < refusal.until {
            var error = refusal.error
            error.message += " Not asking again before \(MagentoDate(refusal.until).rawValue) UTC."
            throw error
        }
        let task = Task { [request, transport, kind] in
            try await Self.fetch(kind: kind, request: request, transport: transport)
        }
        inflight = task
        defer { inflight = nil }
        let fresh: String
        do {
            fresh = try await task.value
        } catch let error as CommerceError where error.code == .authenticationFailed {
            let count = (refusal?.count ?? 0) + 1
            let wait = min(Self.refusalCooldown.first * (1 << min(count - 1, 10)), Self.refusalCooldown.longest)
            refusal = (error, time.now().adding(wait), count)
            token = nil
            throw error
        }
        refusal = nil
        token = fresh
        observer.record(.tokenIssued(kind: kind))
        return fresh
    }

    private static func fetch(kind: String, request: HTTPRequest, transport: any HTTPTransport) async throws -> String {
        let response = try await transport.send(request)
        guard response.isSuccess else {
            var error = ResponseValidator.error(
                for: response, operationID: request.context.operationID, correlationID: nil)
            if error.code == .unauthorized || error.code == .badRequest { error.code = .authenticationFailed }
            throw error
        }
        guard let token = try? CommerceJSONDecoder().decode(String.self, from: response.body), !token.isEmpty else {
            throw ResponseValidator.bodyShapeError(
                response, operationID: request.context.operationID, correlationID: nil)
                ?? CommerceError(
                    code: .decodingFailed, message: "The \(kind) token endpoint did not answer with a JSON string.",
                    httpStatus: response.status, operationID: request.context.operationID)
        }
        return token
    }
}
