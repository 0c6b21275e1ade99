import AdobeCommerce
import AdobeCommerceURLSession
import Foundation
import Testing

struct URLSessionTransportTests {
    @Test("A refused connection on loopback is a retryable connectionFailed error")
    func connectionRefused() async throws {
        let transport = URLSessionTransport()
        defer { transport.shutdown() }
        let request = HTTPRequest(method: .get, url: URL(string: "http://127.0.0.1:9/rest/default/V1/store/websites")!)
        do {
            _ = try await transport.send(request)
            Issue.record("expected the connection to be refused")
        } catch let error as CommerceError {
            #expect(error.code == .connectionFailed || error.code == .timedOut)
            #expect(error.isRetryable)
            #expect(error.message.contains("127.0.0.1"))
        }
    }

    @Test("A client over URLSession reports a refused connection with the operation and correlation id")
    func clientOverURLSession() async throws {
        let transport = URLSessionTransport()
        defer { transport.shutdown() }
        var configuration = AdobeCommerceConfiguration(
            baseURL: URL(string: "http://127.0.0.1:9")!, authentication: .bearer("t"))
        configuration.retry = .none
        let client = AdobeCommerceClient(configuration: configuration, transport: transport)
        await #expect(
            performing: { try await client.store.websites() },
            throws: { error in
                let error = error as? CommerceError
                return error?.operationID == "store.getStoreWebsites" && error?.correlationID != nil
                    && error?.isRetryable == true
            })
    }
}
