import Foundation
@testable import MCPServer
import Reporting
import Testing

/// The JSON-RPC layer and the MCP lifecycle, driven in process one message at a time.
final class MessageLayerTests {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "taintline-mcp-unit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    func send(_ text: String, to server: MCPServer) -> JSONValue? {
        JSONRPC.reply(to: Array(text.utf8), handler: server)
    }

    func initialize(_ server: MCPServer, version: String = "2025-06-18") throws -> JSONValue {
        let reply = try #require(send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"\#(version)","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#, to: server))
        #expect(send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, to: server) == nil)
        return reply
    }

    func errorCode(_ reply: JSONValue?) -> Int? {
        if case let .int(code)? = reply?["error"]?["code"] { return code }
        return nil
    }

    @Test func invalidJSONIsAParseErrorWithNullID() throws {
        let server = try MCPServer(root: root)
        for text in [#"{"jsonrpc":"2.0","id":1,"method":"ping""#, "not json", #"{"a":1} trailing"#, #"{"s":"\ud800"}"#,
                     String(repeating: "[", count: 100_000)] {
            let reply = send(text, to: server)
            #expect(errorCode(reply) == RPCError.parseErrorCode, "\(text.prefix(40).description)")
            #expect(reply?["id"] == .null)
        }
    }

    @Test func messagesThatAreNotRequestsAreInvalidRequests() throws {
        let server = try MCPServer(root: root)
        #expect(errorCode(send("42", to: server)) == RPCError.invalidRequestCode)
        #expect(errorCode(send(#"{"id":3,"method":"ping"}"#, to: server)) == RPCError.invalidRequestCode, "no jsonrpc member")
        let noMethod = send(#"{"jsonrpc":"2.0","id":"a","method":7}"#, to: server)
        #expect(errorCode(noMethod) == RPCError.invalidRequestCode)
        #expect(noMethod?["id"] == .string("a"))
        #expect(errorCode(send(#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, to: server)) == RPCError.invalidRequestCode, "MCP ids are never null")
    }

    @Test func unknownMethodIsMethodNotFound() throws {
        let server = try MCPServer(root: root)
        _ = try initialize(server)
        let reply = send(#"{"jsonrpc":"2.0","id":9,"method":"resources/list"}"#, to: server)
        #expect(errorCode(reply) == RPCError.methodNotFoundCode)
        #expect(reply?["id"] == .int(9))
    }

    @Test func notificationsAndResponsesGetNoReply() throws {
        let server = try MCPServer(root: root)
        #expect(send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, to: server) == nil)
        #expect(server.initialized)
        #expect(send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":4}}"#, to: server) == nil)
        #expect(send(#"{"jsonrpc":"2.0","method":"no/such/notification"}"#, to: server) == nil, "unknown notifications are ignored too")
        #expect(send(#"{"jsonrpc":"2.0","id":5,"result":{}}"#, to: server) == nil, "a response is not answered")
    }

    @Test func pingAnswersAnEmptyResult() throws {
        let server = try MCPServer(root: root)
        let reply = send(#"{"jsonrpc":"2.0","id":"p1","method":"ping"}"#, to: server)
        #expect(reply == JSONValue.object([.init("jsonrpc", .string("2.0")), .init("id", .string("p1")), .init("result", .object([]))]))
    }

    @Test func versionNegotiation() throws {
        for (asked, agreed) in [("2025-06-18", "2025-06-18"), ("2025-03-26", "2025-03-26"), ("2024-11-05", "2024-11-05"), ("2099-01-01", "2025-06-18")] {
            let server = try MCPServer(root: root)
            let reply = try initialize(server, version: asked)
            #expect(reply["result"]?["protocolVersion"] == .string(agreed), "\(asked)")
            #expect(reply["result"]?["serverInfo"]?["name"] == .string("taintline"))
            #expect(reply["result"]?["capabilities"]?["tools"] != nil)
        }
        let server = try MCPServer(root: root)
        #expect(errorCode(send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#, to: server)) == RPCError.invalidParamsCode)
    }

    /// 2025-03-26 allows batches; 2025-06-18 removed them and 2024-11-05 never had them.
    @Test func batchesOnlyIn20250326() throws {
        let batch = #"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":2,"method":"nope"}]"#
        for version in ["2025-06-18", "2024-11-05"] {
            let server = try MCPServer(root: root)
            _ = try initialize(server, version: version)
            let reply = send(batch, to: server)
            #expect(errorCode(reply) == RPCError.invalidRequestCode, "\(version)")
            #expect(reply?["id"] == .null)
        }
        let server = try MCPServer(root: root)
        _ = try initialize(server, version: "2025-03-26")
        let replies = try #require(send(batch, to: server)?.arrayValue)
        #expect(replies.count == 2, "the notification gets no entry")
        #expect(replies[0]["id"] == .int(1))
        #expect(replies[0]["result"] == .object([]))
        #expect(errorCode(replies[1]) == RPCError.methodNotFoundCode)
        #expect(send(#"[{"jsonrpc":"2.0","method":"notifications/initialized"}]"#, to: server) == nil, "only notifications: no reply at all")
        #expect(errorCode(send("[]", to: server)) == RPCError.invalidRequestCode)
        let initializeInBatch = send(#"[{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocolVersion":"2025-03-26"}}]"#, to: server)
        #expect(errorCode(initializeInBatch?.arrayValue?.first) == RPCError.invalidRequestCode)
    }

    @Test func toolsListNamesEachToolWithSchemas() throws {
        let server = try MCPServer(root: root)
        _ = try initialize(server)
        let tools = try #require(send(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#, to: server)?["result"]?["tools"]?.arrayValue)
        #expect(tools.compactMap { $0["name"]?.stringValue } == ["scan", "explain", "rules"])
        for tool in tools {
            #expect(tool["inputSchema"]?["type"] == .string("object"))
            #expect(tool["outputSchema"]?["type"] == .string("object"))
        }
        // 2024-11-05 knows neither titles nor output schemas.
        let old = try MCPServer(root: root)
        _ = try initialize(old, version: "2024-11-05")
        let oldTools = try #require(send(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#, to: old)?["result"]?["tools"]?.arrayValue)
        #expect(oldTools.allSatisfy { $0["outputSchema"] == nil && $0["title"] == nil })
    }

    @Test func toolCallErrors() throws {
        let server = try MCPServer(root: root)
        _ = try initialize(server)
        #expect(errorCode(send(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope"}}"#, to: server)) == RPCError.invalidParamsCode)
        #expect(errorCode(send(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{}}"#, to: server)) == RPCError.invalidParamsCode)
        // Wrong arguments reach the model as a tool error it can correct.
        for arguments in [#"{"id":5}"#, #"{}"#, #"{"id":"TL-B602","extra":1}"#] {
            let result = send(#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"explain","arguments":\#(arguments)}}"#, to: server)?["result"]
            #expect(result?["isError"] == .bool(true), "\(arguments)")
            #expect(result?["structuredContent"] == nil)
        }
        let unknown = send(#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"explain","arguments":{"id":"TL-B60"}}}"#, to: server)?["result"]
        #expect(unknown?["isError"] == .bool(true))
        #expect(unknown?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("TL-B602") == true, "near matches are named")
    }

    @Test func scanRefusesPathsOutsideTheRoot() throws {
        let server = try MCPServer(root: root)
        _ = try initialize(server)
        for path in ["..", "/etc", "../../etc/passwd"] {
            let result = send(#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"scan","arguments":{"path":"\#(path)"}}}"#, to: server)?["result"]
            #expect(result?["isError"] == .bool(true), "\(path)")
            #expect(result?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("outside") == true, "\(path)")
        }
    }

    @Test func schemasParse() {
        for schema in [ToolSchemas.scanInput, ToolSchemas.scanOutput, ToolSchemas.explainInput, ToolSchemas.explainOutput,
                       ToolSchemas.rulesInput, ToolSchemas.rulesOutput] {
            #expect(schema["type"] == .string("object"))
        }
    }

    @Test func compactRenderingHasNoLineBreaks() throws {
        let value = try JSONValue.parse(#"{"a":[1,2.5,"x\ny",{"b":null,"c":true}],"d":"\u00e9\ud83d\ude00"}"#)
        #expect(value.compact() == #"{"a":[1,2.5,"x\ny",{"b":null,"c":true}],"d":"é😀"}"#)
        #expect(try JSONValue.parse(value.compact()) == value)
    }

    /// The stdio loop: one reply per request line, none for notifications, and the end of input ends it.
    @Test func serveAnswersLineByLineUntilEndOfInput() throws {
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
        #expect(replies.count == 3)
        #expect(replies[0]["id"] == .int(1))
        #expect(errorCode(replies[1]) == RPCError.parseErrorCode)
        #expect(replies[2]["id"] == .int(2), "the last line counts without a newline")
    }
}
