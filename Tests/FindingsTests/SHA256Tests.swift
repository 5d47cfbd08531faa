import Testing
@testable import Findings

/// FIPS 180-4's examples, and the streaming hasher agreeing with the one-shot digest however the
/// message is cut (block boundaries, a pending partial block, empty pieces).
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(message: String, hex: String) {
        #expect(SHA256.hex(Array(message.utf8)) == hex)
    }

    @Test func aMillionAs() {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func streamingMatchesOneShotAtEveryCut() {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let expected = SHA256.digest(message)
        for cut in [0, 1, 55, 56, 63, 64, 65, 128, 199, 300] {
            var hasher = SHA256.Hasher()
            hasher.update(message[0..<cut])
            hasher.update([UInt8]())
            hasher.update(message[cut...])
            #expect(hasher.finalize() == expected, "cut at \(cut)")
        }
        var byteByByte = SHA256.Hasher()
        for byte in message { byteByByte.update([byte]) }
        #expect(byteByByte.finalize() == expected)
    }
}
