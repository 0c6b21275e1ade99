import AdobeCommerceTesting
import Testing

/// The two short examples still run and print what the README says they do.
struct SmallExamplesTests {
    @Test("quickstart searches products and pages through the pending orders")
    func quickstart() async throws {
        let result = try await ExampleRunner("quickstart").run()
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("products match 'Product 1%'; the 5 dearest:"))
        #expect(result.standardOutput.contains("45 pending orders worth 1664.1 USD"))
    }

    @Test("headless-checkout places a guest order through GraphQL and reads it back over REST")
    func headlessCheckout() async throws {
        let result = try await ExampleRunner("headless-checkout").run()
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("placed order 000000001"))
        #expect(result.standardOutput.contains("REST: order 000000001 is pending, 2 lines, 104.98 USD"))
    }
}
