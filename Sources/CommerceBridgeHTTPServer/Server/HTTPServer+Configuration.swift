extension HTTPServer {
    /// The server's limits and timeouts; every one has a default fit for a webhook receiver.
    ///
    /// A request that breaks a limit is answered with the status named beside it, `Connection: close`, and a JSON
    /// body `{"message": "…"}` saying what was wrong; the connection is then closed.
    ///
    /// ```swift
    /// var configuration = HTTPServer.Configuration()
    /// configuration.maximumBodyBytes = 16 << 20     // large Commerce batches
    /// configuration.readTimeout = .seconds(30)
    /// ```
    public struct Configuration: Sendable {
        /// The request line and header fields together, in bytes (`431 Request Header Fields Too Large` beyond).
        /// Default 16 KiB.
        public var maximumHeaderBytes: Int = 16 * 1024
        /// Header fields in one request (`431` beyond). Default 100.
        public var maximumHeaderCount: Int = 100
        /// The request line, in bytes (`414 URI Too Long` beyond). Default 8 KiB.
        public var maximumRequestLineBytes: Int = 8 * 1024
        /// A request body, in bytes, after chunked framing is removed (`413 Content Too Large` beyond). A
        /// `Content-Length` over the limit is refused before any of the body is read. Default 4 MiB.
        public var maximumBodyBytes: Int = 4 * 1024 * 1024
        /// How long a request's head and body may take to arrive, counted from its first byte (from the accepted
        /// connection, for a connection's first request). A client that dribbles its request slower is answered
        /// `408 Request Timeout` and disconnected. Default 10 seconds.
        public var readTimeout: Duration = .seconds(10)
        /// How long a kept-alive connection may wait for its next request before the server closes it. Default 60
        /// seconds.
        public var idleTimeout: Duration = .seconds(60)
        /// How long writing a response may stall (a client that stops reading) before the connection is dropped.
        /// Default 30 seconds.
        public var writeTimeout: Duration = .seconds(30)
        /// Connections served at once, one thread each. A connection beyond is answered
        /// `503 Service Unavailable` and closed. Default 256.
        public var maximumConnections: Int = 256
        /// Whether connections stay open for further requests (HTTP/1.1 persistent connections). Default `true`;
        /// `false` closes each connection after its first response.
        public var keepAlive: Bool = true

        /// Creates a configuration with the defaults.
        public init() {}

        var parserLimits: HTTPRequestParser.Limits {
            HTTPRequestParser.Limits(
                headBytes: maximumHeaderBytes, headerCount: maximumHeaderCount,
                requestLineBytes: maximumRequestLineBytes, bodyBytes: maximumBodyBytes)
        }
    }
}
