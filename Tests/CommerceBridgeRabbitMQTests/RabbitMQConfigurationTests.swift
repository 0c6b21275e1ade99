import CommerceBridgeRabbitMQ
import Testing

struct RabbitMQConfigurationTests {
    @Test("A URL's parts are percent-decoded; no path means the virtual host /")
    func parsesURL() throws {
        let configuration = try RabbitMQConfiguration(
            url: "amqp://conn%40ector:p%3Ass%2Fw0rd@rabbit.internal:5673/shop%2Feu")
        #expect(configuration.user == "conn@ector")
        #expect(configuration.password == "p:ss/w0rd")
        #expect(configuration.host == "rabbit.internal")
        #expect(configuration.port == 5673)
        #expect(configuration.virtualHost == "shop/eu")
        let plain = try RabbitMQConfiguration(url: "amqp://rabbit")
        #expect(plain.host == "rabbit")
        #expect(plain.port == 5672)
        #expect(plain.virtualHost == "/")
        #expect(plain.user == "guest")
        #expect(try RabbitMQConfiguration(url: "amqp://u:p@[::1]:5674/%2F").host == "::1")
        #expect(try RabbitMQConfiguration(url: "amqp://u:p@[::1]:5674/%2F").virtualHost == "/")
    }

    @Test("The password never appears in the description")
    func descriptionHidesPassword() throws {
        let configuration = try RabbitMQConfiguration(url: "amqp://connector:TopSecret42@rabbit:5672/%2F")
        #expect(configuration.description == "amqp://connector@rabbit:5672/%2F")
        #expect(!String(describing: configuration).contains("TopSecret42"))
    }

    @Test(
        "Bad URLs are refused with invalidURL, never echoing the password",
        arguments: [
            "amqps://u:TopSecret42@rabbit:5671/", "http://u:TopSecret42@rabbit/", "amqp://u:TopSecret42@rabbit:99999/",
            "amqp://u:TopSecret42@rabbit:port/", "amqp://u:TopSecret42@rabbit/%zz", "rabbit:5672",
        ])
    func refusesBadURL(url: String) {
        #expect(
            performing: { try RabbitMQConfiguration(url: url) },
            throws: { error in
                guard let error = error as? RabbitMQError else { return false }
                return error.code == .invalidURL && !error.description.contains("TopSecret42")
                    && !error.isRetryable
            })
    }
}
