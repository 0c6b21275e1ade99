extension FakeSigningKeys {
    /// The private key ``FakeCommerce`` signs its webhook calls with (`x-adobe-commerce-webhook-signature`), as
    /// Commerce does with the pair made under Adobe Services ▸ Webhooks. A test key: never use it for anything else.
    public static let commerceWebhooksPrivateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDSmshLgSoKyLKF
        MMQyO7sLJaEgnC5cP61j0x2z6RV2oQwfbUZhfa9R0zdrGa/Zpv71uYX8Yj8xTZjO
        y9MFZquRVHTczqLMMi9Gt4QEeOOOWhSHtSciCyFP+yITwwey9hYUg6Hp9E8oiexO
        lMqYRxEma9f2yZTjBcOSwCWXIi+e2uWXT5ac3TmnojSQlj4xdQh732khZGBxrvEO
        KEF8GWZhPrr8PpUhqnREVfYRMtWRPzuytSlc13nEvdmGQODkxbBBIQbM6LoYowgZ
        EPmmVaQiYAg7sZPRBqu+S0+RojVyKd9JdI4QupNymYb9i7VDR79VRgRRkP2Gd+Z7
        +jmUOx6XAgMBAAECggEAK6hFZA2C+xhOlXid+zHRnMZwp9NoctwKY/qkGiLzvZM1
        8Z/T6qrEuKgZwVxiTTKmgKa0RTTSl7RXvGqZNHHrl+VTkmBNdBnlHfo15j1vIpe+
        0MD3O0HmZm+PSVxxEKKdwiPlYRuxexxYPZPviXCV+Ap8Ct8Pu536xEWLpVBDYeDr
        RogUFRBeSKBEHSq7++k0V44VqGRVHG7NFUA6sRlOTBbRizekOFiiVpMSvB0m5oY0
        7ItYCJPAWwFR/aHJ5hjza8OCanwqYhMN+1vR6PzYpUzco1b+AHxZr1Or+4X7m569
        JLuaFC7WNWhL7qDGdqkTn6y6bKfFQt1pHxKdcjCoEQKBgQDxhH86vQV+0opqHu0U
        xtSO21KnKt2lwZ1fpRe+KL0leVLFs3dDG1xSJ65pJtinfBHD4xxC4gr+0KmNbZeq
        HkZdLlfEE7zTHn75D1eHUvb2NmsgNbSopK1ucsK5OQ/QsfpBNqEDIr6WRFTwm1o2
        Lz9bPXQ2eYHRXkV4pDtLvQE2pwKBgQDfO764F6YlTIhDizTH3qmNjw4O/wP5KxAF
        xM7mjMlNs+bW75tqe9+QmPoZOLTHpT6WomVS6EjDwDy3hlNaOO2WbQUpPzH47jkz
        Qc6HDD/Ky/qZKLbcbbN4CWUny9Raab5o0m7dYknrN9mMnVSD+pMEpTcnEhp2HZzx
        YYaiJkrGkQKBgQDL1SZH3aXYrjpxa95tjY1xb/sm6M+eCHUYds4+CEXybZ2FC30Z
        HutgzuqtBkMNv3GC4JdGf14GRvcCTL8WrWx3UhhyfLH9gBxreR5HMKcLj0wEKC9r
        sWhJ8gMTrewCF2N9TGzBp74wNkV1t7eASYnwKEJ/gzckC6sYMYt11XNDuwKBgQDE
        T4UD3YA1stzuESBEWDJhE5m4ZFj5KP55JD8TDmIE3B03jRTuiqrrPSxLO8v2+gFV
        dNCIHU/IHWkHt6/bWs7NB2iPgkyO7egNhGR77LC4xbLGN8C/jhVSjWiQm7ZOIEnb
        YpsuQr5ghQfimYT2X0gkwKoEyO3OS3J17173f5cokQKBgBkOU32lHrADR4D0HA71
        ERMRYyIkHUhVd44A7xGyZl4Oob1wJst3Im5dDbEcBYh+G4oHX40Vhsmi8SfasAIa
        sMs3E76FBqZf0Z/RHgTVp6MEYtUe+UXKg+2eqvqm1SXObnnsidcyEaZfVsDkmMs0
        cZ+ejNEkSnmS4DeAwy955iCc
        -----END PRIVATE KEY-----
        """

    /// The public key matching ``commerceWebhooksPrivateKeyPEM``: what a merchant copies from the Admin into the
    /// connector's configuration.
    public static let commerceWebhooksPublicKeyPEM = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0prIS4EqCsiyhTDEMju7
        CyWhIJwuXD+tY9Mds+kVdqEMH21GYX2vUdM3axmv2ab+9bmF/GI/MU2YzsvTBWar
        kVR03M6izDIvRreEBHjjjloUh7UnIgshT/siE8MHsvYWFIOh6fRPKInsTpTKmEcR
        JmvX9smU4wXDksAllyIvntrll0+WnN05p6I0kJY+MXUIe99pIWRgca7xDihBfBlm
        YT66/D6VIap0RFX2ETLVkT87srUpXNd5xL3ZhkDg5MWwQSEGzOi6GKMIGRD5plWk
        ImAIO7GT0QarvktPkaI1cinfSXSOELqTcpmG/Yu1Q0e/VUYEUZD9hnfme/o5lDse
        lwIDAQAB
        -----END PUBLIC KEY-----
        """
}
