@testable import LanguageServer
import XCTest

final class MessageFramingTests: XCTestCase {
    private func events(_ pieces: [String]) -> [MessageFramer.Event] {
        var framer = MessageFramer()
        var out: [MessageFramer.Event] = []
        for piece in pieces {
            framer.append(Array(piece.utf8))
            while let event = framer.next() { out.append(event) }
        }
        return out
    }

    private func body(_ text: String) -> MessageFramer.Event { .body(Array(text.utf8)) }

    func testWholeMessages() {
        XCTAssertEqual(events(["Content-Length: 2\r\n\r\n{}Content-Length: 4\r\n\r\n[1]x"]), [body("{}"), body("[1]x")])
    }

    func testHeaderAndBodySplitAnywhere() {
        let message = "Content-Length: 14\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"a\": \"\u{e9}t\u{e9}\"}"
        let bytes = Array(message.utf8)
        XCTAssertEqual(bytes.count - bytes.firstIndex(of: UInt8(ascii: "{"))!, 14, "the body is 14 bytes (two of them 2-byte characters)")
        // Every split point, even one inside "\r\n\r\n" or inside a multi-byte character.
        for split in 1..<bytes.count {
            var framer = MessageFramer()
            framer.append(bytes[..<split])
            var out: [MessageFramer.Event] = []
            while let event = framer.next() { out.append(event) }
            framer.append(bytes[split...])
            while let event = framer.next() { out.append(event) }
            XCTAssertEqual(out, [.body(Array(bytes.suffix(14)))], "split at \(split)")
        }
    }

    func testOneByteAtATime() {
        let text = "Content-Length: 3\r\n\r\n[2]content-length:1\r\n\r\n7"
        XCTAssertEqual(events(text.map { String($0) }), [body("[2]"), body("7")])
    }

    func testBadContentLengthIsReportedAndTheStreamGoesOn() {
        let out = events(["Content-Length: ten\r\n\r\n", "Content-Length: 2\r\n\r\n{}"])
        XCTAssertEqual(out.count, 2)
        guard case .malformed(let problem) = out[0] else { return XCTFail("expected a malformed header, got \(out)") }
        XCTAssertTrue(problem.contains("ten"), problem)
        XCTAssertEqual(out[1], body("{}"))
    }

    func testMissingAndNegativeContentLength() {
        for header in ["Content-Type: x\r\n\r\n", "Content-Length: -4\r\n\r\n", "no colon here\r\n\r\n"] {
            let out = events([header + "Content-Length: 1\r\n\r\n1"])
            XCTAssertEqual(out.count, 2, header)
            if case .malformed = out.first {} else { XCTFail("\(header): \(out)") }
            XCTAssertEqual(out.last, body("1"), header)
        }
    }

    func testEndlessHeaderIsDropped() {
        let out = events([String(repeating: "x", count: MessageFramer.maximumHeaderBytes + 10)])
        XCTAssertEqual(out.count, 1)
        if case .malformed = out.first {} else { XCTFail("\(out)") }
    }

    func testHugeBodyIsSkippedNotKept() {
        var framer = MessageFramer(maximumBodyBytes: 1000)
        let length = 1001
        framer.append(Array("Content-Length: \(length)\r\n\r\n".utf8))
        guard case .malformed = framer.next() else { return XCTFail("a body over the limit must be refused") }
        framer.append([UInt8](repeating: 0x20, count: length))
        XCTAssertNil(framer.next())
        framer.append(Array("Content-Length: 2\r\n\r\n{}".utf8))
        XCTAssertEqual(framer.next(), body("{}"))
    }

    func testFrameRoundTrips() {
        var framer = MessageFramer()
        framer.append(MessageFramer.frame(Array("{\"k\":\"\u{1F600}\"}".utf8)))
        XCTAssertEqual(framer.next(), body("{\"k\":\"\u{1F600}\"}"))
    }

    func testInvalidJSONAndNonRequests() {
        func error(_ text: String) -> Int? {
            if case .failure(let failure) = IncomingMessage.parse(Array(text.utf8)) { return failure.error.code }
            return nil
        }
        XCTAssertEqual(error("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": "), -32700)
        XCTAssertEqual(error("not json"), -32700)
        XCTAssertEqual(error("[1, 2]"), -32600)
        XCTAssertEqual(error("{\"id\": 1, \"method\": \"x\"}"), -32600, "no jsonrpc member")
        XCTAssertEqual(error("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 5}"), -32600)
        XCTAssertEqual(error("{\"jsonrpc\": \"2.0\", \"id\": {}, \"method\": \"x\"}"), -32600)
        guard case .success(.request(let id, let method, _)) = IncomingMessage.parse(Array("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"m\"}".utf8)) else {
            return XCTFail("a request")
        }
        XCTAssertEqual(id, .string("a"))
        XCTAssertEqual(method, "m")
        guard case .success(.notification("n", _)) = IncomingMessage.parse(Array("{\"jsonrpc\":\"2.0\",\"method\":\"n\",\"params\":{}}".utf8)) else {
            return XCTFail("a notification")
        }
    }
}
