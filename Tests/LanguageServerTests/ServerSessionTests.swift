import Foundation
@testable import LanguageServer
import XCTest

/// The server in this process, on pipes: what it answers to requests out of order, to bad input,
/// and how it opens documentation for a client that cannot show documents.
final class ServerSessionTests: XCTestCase {
    final class Session {
        let toServer = Pipe()
        let fromServer = Pipe()
        var framer = MessageFramer()
        let finished = DispatchSemaphore(value: 0)
        var status: Int32?

        init() {
            let server = LanguageServer(writer: MessageWriter(descriptor: fromServer.fileHandleForWriting.fileDescriptor))
            let input = toServer.fileHandleForReading.fileDescriptor
            Thread.detachNewThread { [self] in
                status = server.run(input: input)
                finished.signal()
            }
        }

        func send(_ text: String) {
            toServer.fileHandleForWriting.write(Data(MessageFramer.frame(Array(text.utf8))))
        }

        func sendRaw(_ text: String) {
            toServer.fileHandleForWriting.write(Data(text.utf8))
        }

        /// The next message from the server (a generous deadline only a hung server reaches).
        func next() throws -> [String: Any] {
            while true {
                if case .body(let body)? = framer.next() {
                    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
                }
                var descriptor = pollfd(fd: fromServer.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 120_000) == 1 else { throw NSError(domain: "no message from the server within two minutes", code: 1) }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = read(descriptor.fd, &buffer, buffer.count)
                guard count > 0 else { throw NSError(domain: "the server closed its output", code: 1) }
                framer.append(buffer[0..<count])
            }
        }
    }

    func error(_ message: [String: Any]) -> Int? { (message["error"] as? [String: Any])?["code"] as? Int }

    func testRequestsOutOfOrderBadInputAndDocumentationAsAMessage() throws {
        let session = Session()
        session.send(#"{"jsonrpc":"2.0","id":1,"method":"textDocument/codeAction","params":{}}"#)
        XCTAssertEqual(error(try session.next()), -32002, "a request before initialize")

        session.send(#"{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{}}}"#)
        let initialized = try session.next()
        XCTAssertEqual(initialized["id"] as? Int, 2)
        let capabilities = try XCTUnwrap((initialized["result"] as? [String: Any])?["capabilities"] as? [String: Any])
        XCTAssertEqual((capabilities["textDocumentSync"] as? [String: Any])?["change"] as? Int, 1)
        session.send(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)

        session.sendRaw("Content-Length: 7\r\n\r\n{oops}}")
        let parseError = try session.next()
        XCTAssertEqual(error(parseError), -32700)
        XCTAssertTrue(parseError["id"] is NSNull, "a message that is not JSON has no id to answer")
        session.sendRaw("Content-Length: -1\r\n\r\n")
        session.send(#"{"jsonrpc":"2.0","method":"no/such/notification"}"#)
        session.send(#"{"jsonrpc":"2.0","id":"x","method":"no/such/request"}"#)
        let unknown = try session.next()
        XCTAssertEqual(error(unknown), -32601, "the bad header and the unknown notification got no answer; the unknown request did")
        XCTAssertEqual(unknown["id"] as? String, "x")
        session.send(#"{"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":7}}"#)
        XCTAssertEqual(error(try session.next()), -32602)

        // This client did not say it supports window/showDocument: the link comes as a message.
        session.send(#"{"jsonrpc":"2.0","id":4,"method":"workspace/executeCommand","params":{"command":"taintline.openDocumentation","arguments":["TL-B506"]}}"#)
        let shown = try session.next()
        XCTAssertEqual(shown["method"] as? String, "window/showMessage")
        XCTAssertEqual((shown["params"] as? [String: Any])?["message"] as? String,
                       "Documentation for TL-B506: https://bandit.readthedocs.io/en/latest/plugins/b506_yaml_load.html")
        XCTAssertTrue(try session.next()["result"] is NSNull)
        session.send(#"{"jsonrpc":"2.0","id":5,"method":"workspace/executeCommand","params":{"command":"taintline.openDocumentation","arguments":["TL-NOPE"]}}"#)
        XCTAssertEqual(error(try session.next()), -32602)

        session.send(#"{"jsonrpc":"2.0","id":6,"method":"shutdown"}"#)
        XCTAssertTrue(try session.next()["result"] is NSNull)
        session.send(#"{"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{}}"#)
        XCTAssertEqual(error(try session.next()), -32600, "only exit after shutdown")
        session.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
        XCTAssertEqual(session.finished.wait(timeout: .now() + 120), .success)
        XCTAssertEqual(session.status, 0)
    }

    func testEndOfInputWithoutShutdownIsStatusOne() throws {
        let session = Session()
        session.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)
        _ = try session.next()
        session.toServer.fileHandleForWriting.closeFile()
        XCTAssertEqual(session.finished.wait(timeout: .now() + 120), .success)
        XCTAssertEqual(session.status, 1)
    }
}
