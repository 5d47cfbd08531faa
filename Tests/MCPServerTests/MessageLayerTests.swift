import Foundation
@testable import MCPServer
import Reporting
import XCTest

/// The JSON-RPC layer and the MCP lifecycle, driven in process one message at a time.
final class MessageLayerTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "taintline-mcp-unit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    func send(_ text: String, to server: MCPServer) -> JSONValue? {
        JSONRPC.reply(to: Array(text.utf8), handler: server)
    }

    func initialize(_ server: MCPServer, version: String = "2025-06-18") throws -> JSONValue {
        let reply = try XCTUnwrap(send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"\#(version)","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#, to: server))
        XCTAssertNil(send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, to: server))
        return reply
    }

    func errorCode(_ reply: JSONValue?) -> Int? {
        if case let .int(code)? = reply?["error"]?["code"] { return code }
        return nil
    }

    func testInvalidJSONIsAParseErrorWithNullID() throws {
        let server = try MCPServer(root: root)
        for text in [#"{"jsonrpc":"2.0","id":1,"method":"ping""#, "not json", #"{"a":1} trailing"#, #"{"s":"\ud800"}"#,
                     String(repeating: "[", count: 100_000)] {
            let reply = send(text, to: server)
            XCTAssertEqual(errorCode(reply), RPCError.parseErrorCode, text.prefix(40).description)
            XCTAssertEqual(reply?["id"], .null)
        }
    }

    func testMessagesThatAreNotRequestsAreInvalidRequests() throws {
        let server = try MCPServer(root: root)
        XCTAssertEqual(errorCode(send("42", to: server)), RPCError.invalidRequestCode)
        XCTAssertEqual(errorCode(send(#"{"id":3,"method":"ping"}"#, to: server)), RPCError.invalidRequestCode, "no jsonrpc member")
        let noMethod = send(#"{"jsonrpc":"2.0","id":"a","method":7}"#, to: server)
        XCTAssertEqual(errorCode(noMethod), RPCError.invalidRequestCode)
        XCTAssertEqual(noMethod?["id"], .string("a"))
        XCTAssertEqual(errorCode(send(#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, to: server)), RPCError.invalidRequestCode, "MCP ids are never null")
    }

    func testUnknownMethodIsMethodNotFound() throws {
        let server = try MCPServer(root: root)
        _ = try initialize(server)
        let reply = send(#"{"jsonrpc":"2.0","id":9,"method":"resources/list"}"#, to: server)
        XCTAssertEqual(errorCode(reply), RPCError.methodNotFoundCode)
        XCTAssertEqual(reply?["id"], .int(9))
    }

    func testNotificationsAndResponsesGetNoReply() throws {
        let server = try MCPServer(root: root)
        XCTAssertNil(send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, to: server))
        XCTAssertTrue(server.initialized)
        XCTAssertNil(send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":4}}"#, to: server))
        XCTAssertNil(send(#"{"jsonrpc":"2.0","method":"no/such/notification"}"#, to: server), "unknown notifications are ignored too")
        XCTAssertNil(send(#"{"jsonrpc":"2.0","id":5,"result":{}}"#, to: server), "a response is not answered")
    }

    func testPingAnswersAnEmptyResult() throws {
        let server = try MCPServer(root: root)
        let reply = send(#"{"jsonrpc":"2.0","id":"p1","method":"ping"}"#, to: server)
        XCTAssertEqual(reply, JSONValue.object([.init("jsonrpc", .string("2.0")), .init("id", .string("p1")), .init("result", .object([]))]))
    }

    func testVersionNegotiation() throws {
        for (asked, agreed) in [("2025-06-18", "2025-06-18"), ("2025-03-26", "2025-03-26"), ("2024-11-05", "2024-11-05"), ("2099-01-01", "2025-06-18")] {
            let server = try MCPServer(root: root)
            let reply = try initialize(server, version: asked)
            XCTAssertEqual(reply["result"]?["protocolVersion"], .string(agreed), asked)
            XCTAssertEqual(reply["result"]?["serverInfo"]?["name"], .string("taintline"))
            XCTAssertNotNil(reply["result"]?["capabilities"]?["tools"])
        }
        let server = try MCPServer(root: root)
        XCTAssertEqual(errorCode(send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#, to: server)), RPCError.invalidParamsCode)
    }

    /// 2025-03-26 allows batches; 2025-06-18 removed them and 2024-11-05 never had them.
    func testBatchesOnlyIn20250326() throws {
        let batch = #"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":2,"method":"nope"}]"#
        for version in ["2025-06-18", "2024-11-05"] {
            let server = try MCPServer(root: root)
            _ = try initialize(server, version: version)
            let reply = send(batch, to: server)
            XCTAssertEqual(errorCode(reply), RPCError.invalidRequestCode, version)
            XCTAssertEqual(reply?["id"], .null)
        }
        let server = try MCPServer(root: root)
        _ = try initialize(server, version: "2025-03-26")
        let replies = try XCTUnwrap(send(batch, to: server)?.arrayValue)
        XCTAssertEqual(replies.count, 2, "the notification gets no entry")
        XCTAssertEqual(replies[0]["id"], .int(1))
        XCTAssertEqual(replies[0]["result"], .object([]))
        XCTAssertEqual(errorCode(replies[1]), RPCError.methodNotFoundCode)
        XCTAssertNil(send(#"[{"jsonrpc":"2.0","method":"notifications/initialized"}]"#, to: server), "only notifications: no reply at all")
        XCTAssertEqual(errorCode(send("[]", to: server)), RPCError.invalidRequestCode)
        let initializeInBatch = send(#"[{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocolVersion":"2025-03-26"}}]"#, to: server)
        XCTAssertEqual(errorCode(initializeInBatch?.arrayValue?.first), RPCError.invalidRequestCode)
    }

    func testToolsListNamesEachToolWithSchemas() throws {
        let server = try MCPServer(root: root)
        _ = try initialize(server)
        let tools = try XCTUnwrap(send(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#, to: server)?["result"]?["tools"]?.arrayValue)
        XCTAssertEqual(tools.compactMap { $0["name"]?.stringValue }, ["scan", "explain", "rules"])
        for tool in tools {
            XCTAssertEqual(tool["inputSchema"]?["type"], .string("object"))
            XCTAssertEqual(tool["outputSchema"]?["type"], .string("object"))
        }
        // 2024-11-05 knows neither titles nor output schemas.
        let old = try MCPServer(root: root)
        _ = try initialize(old, version: "2024-11-05")
        let oldTools = try XCTUnwrap(send(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#, to: old)?["result"]?["tools"]?.arrayValue)
        XCTAssertTrue(oldTools.allSatisfy { $0["outputSchema"] == nil && $0["title"] == nil })
    }

    func testToolCallErrors() throws {
        let server = try MCPServer(root: root)
        _ = try initialize(server)
        XCTAssertEqual(errorCode(send(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope"}}"#, to: server)), RPCError.invalidParamsCode)
        XCTAssertEqual(errorCode(send(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{}}"#, to: server)), RPCError.invalidParamsCode)
        // Wrong arguments reach the model as a tool error it can correct.
        for arguments in [#"{"id":5}"#, #"{}"#, #"{"id":"TL-B602","extra":1}"#] {
            let result = send(#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"explain","arguments":\#(arguments)}}"#, to: server)?["result"]
            XCTAssertEqual(result?["isError"], .bool(true), arguments)
            XCTAssertNil(result?["structuredContent"])
        }
        let unknown = send(#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"explain","arguments":{"id":"TL-B60"}}}"#, to: server)?["result"]
        XCTAssertEqual(unknown?["isError"], .bool(true))
        XCTAssertTrue(unknown?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("TL-B602") == true, "near matches are named")
    }

    func testScanRefusesPathsOutsideTheRoot() throws {
        let server = try MCPServer(root: root)
        _ = try initialize(server)
        for path in ["..", "/etc", "../../etc/passwd"] {
            let result = send(#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"scan","arguments":{"path":"\#(path)"}}}"#, to: server)?["result"]
            XCTAssertEqual(result?["isError"], .bool(true), path)
            XCTAssertTrue(result?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("outside") == true, path)
        }
    }

    func testSchemasParse() {
        for schema in [ToolSchemas.scanInput, ToolSchemas.scanOutput, ToolSchemas.explainInput, ToolSchemas.explainOutput,
                       ToolSchemas.rulesInput, ToolSchemas.rulesOutput] {
            XCTAssertEqual(schema["type"], .string("object"))
        }
    }

    func testCompactRenderingHasNoLineBreaks() throws {
        let value = try JSONValue.parse(#"{"a":[1,2.5,"x\ny",{"b":null,"c":true}],"d":"\u00e9\ud83d\ude00"}"#)
        XCTAssertEqual(value.compact(), #"{"a":[1,2.5,"x\ny",{"b":null,"c":true}],"d":"é😀"}"#)
        XCTAssertEqual(try JSONValue.parse(value.compact()), value)
    }

    /// The stdio loop: one reply per request line, none for notifications, and the end of input ends it.
    func testServeAnswersLineByLineUntilEndOfInput() throws {
        let server = try MCPServer(root: root)
        let input = Pipe()
        let output = Pipe()
        let lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            "",
            "garbage",
            #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#,
        ]
        input.fileHandleForWriting.write(Data(lines.joined(separator: "\r\n").utf8))
        try input.fileHandleForWriting.close()
        server.serve(input: input.fileHandleForReading.fileDescriptor, output: output.fileHandleForWriting.fileDescriptor)
        try output.fileHandleForWriting.close()
        let written = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let replies = try written.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        XCTAssertEqual(replies.count, 3)
        XCTAssertEqual(replies[0]["id"], .int(1))
        XCTAssertEqual(errorCode(replies[1]), RPCError.parseErrorCode)
        XCTAssertEqual(replies[2]["id"], .int(2), "the last line counts without a newline")
    }
}
