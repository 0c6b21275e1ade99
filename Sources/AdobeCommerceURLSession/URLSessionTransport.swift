public import AdobeCommerce
import Dispatch
import Synchronization

#if canImport(FoundationNetworking)
    import Foundation
    public import FoundationNetworking
#else
    public import Foundation
#endif

/// The default `HTTPTransport`, on `URLSession`: the only module of the SDK that loads
/// FoundationNetworking.
///
/// It sends the URL exactly as encoded (an OAuth signature covers the encoded path) and maps URL loading
/// failures to `CommerceError` codes that the retry middleware understands.
///
/// ```swift
/// let client = AdobeCommerceClient(configuration: configuration, transport: URLSessionTransport())
/// ```
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// Creates a transport on its own ephemeral session.
    /// - Parameter maximumConnectionsPerHost: The connection pool size per host.
    public init(maximumConnectionsPerHost: Int = 8) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
    }

    /// Creates a transport on a session you own.
    public init(session: URLSession) { self.session = session }

    /// Cancels outstanding tasks and releases the session; the transport cannot be used afterwards.
    public func shutdown() { session.invalidateAndCancel() }

    /// Sends the request.
    /// - Throws: `CommerceError` with `CommerceError.Code.connectionFailed` or
    ///   `CommerceError.Code.timedOut` when no response arrived.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.httpBody = request.body
        if let timeout = request.context.timeout { urlRequest.timeoutInterval = timeout.timeInterval }
        for field in request.headers { urlRequest.addValue(field.value, forHTTPHeaderField: field.name) }
        do {
            let (data, response) = try await load(urlRequest)
            guard let http = response as? HTTPURLResponse else {
                throw CommerceError(code: .connectionFailed, message: "The response was not HTTP.")
            }
            var headers = HTTPHeaders()
            for (name, value) in http.allHeaderFields {
                headers.add(name: "\(name)", value: "\(value)")
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as CommerceError {
            throw error
        } catch let error as URLError {
            if error.code == .cancelled {
                throw CommerceError(code: .cancelled, message: "The request was cancelled.", underlying: error)
            }
            throw CommerceError(
                code: error.code == .timedOut ? .timedOut : .connectionFailed,
                message: "\(request.method) \(request.url.host() ?? "") failed: \(error.localizedDescription)",
                underlying: error)
        } catch is CancellationError {
            throw CommerceError(code: .cancelled, message: "The request was cancelled.")
        } catch {
            throw CommerceError(code: .connectionFailed, message: "\(request.method) failed.", underlying: error)
        }
    }
}

extension URLSessionTransport {
    /// `URLSession.data(for:)`, cancelled without a deadlock. FoundationNetworking's own cancellation handler calls
    /// `URLSessionTask.cancel()`, which waits for the session's queue, while Swift's runtime holds the cancelled task's
    /// status lock; when that queue is at the same moment resuming the task with its answer (which takes the same lock),
    /// both wait forever: a worker cancelled mid-request never stopped (seen on Linux, Swift 6.3). Here the handler
    /// only marks the request, and the task is cancelled from another thread.
    private func load(_ request: URLRequest) async throws -> (Data, URLResponse) {
        try Task.checkCancellation()
        let cancellation = RequestCancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = session.dataTask(with: request) { data, response, error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let response {
                        continuation.resume(returning: (data ?? Data(), response))
                    } else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                    }
                }
                cancellation.start(task)
            }
        } onCancel: {
            cancellation.cancel()
        }
    }
}

/// The data task of one request and whether its caller was cancelled, whichever comes first.
private final class RequestCancellation: @unchecked Sendable {
    // Unchecked: `URLSessionDataTask` is not `Sendable` everywhere; it is only touched under the lock and by `cancel()`,
    // which is thread-safe.
    private let state = Mutex<(task: URLSessionDataTask?, cancelled: Bool)>((nil, false))

    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        task.resume()
        if cancelled { Self.cancelLater(task) }
    }

    func cancel() {
        let task = state.withLock { state in
            state.cancelled = true
            return state.task
        }
        if let task { Self.cancelLater(task) }
    }

    /// Never on the thread running a cancellation handler (see ``URLSessionTransport``'s `load`).
    private static func cancelLater(_ task: URLSessionDataTask) {
        let box = UncheckedTask(task: task)
        DispatchQueue.global().async { box.task.cancel() }
    }

    private struct UncheckedTask: @unchecked Sendable {
        let task: URLSessionDataTask
    }
}

extension Duration {
    fileprivate var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
