import Reporting

/// A JSON-RPC 2.0 error: the `error` member of a response.
public struct RPCError: Error, Equatable {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    // The codes JSON-RPC 2.0 reserves (MCP uses them as they are).
    public static let parseErrorCode = -32700
    public static let invalidRequestCode = -32600
    public static let methodNotFoundCode = -32601
    public static let invalidParamsCode = -32602
    public static let internalErrorCode = -32603

    public static func parseError(_ message: String) -> RPCError { RPCError(code: parseErrorCode, message: "Parse error: \(message)") }
    public static func invalidRequest(_ message: String) -> RPCError { RPCError(code: invalidRequestCode, message: "Invalid request: \(message)") }
    public static func methodNotFound(_ method: String) -> RPCError { RPCError(code: methodNotFoundCode, message: "Method not found: \(method)") }
    public static func invalidParams(_ message: String) -> RPCError { RPCError(code: invalidParamsCode, message: "Invalid params: \(message)") }

    var value: JSONValue {
        .obj([("code", .int(code)), ("message", .string(message))] + (data.map { [("data", $0)] } ?? []))
    }
}

/// What answers the requests and notifications of a JSON-RPC connection.
public protocol JSONRPCHandler: AnyObject {
    /// The `result` of a request, or the error to answer with.
    func respond(method: String, params: JSONValue?) -> Result<JSONValue, RPCError>
    /// A notification: no answer, whatever happens.
    func notice(method: String, params: JSONValue?)
    /// Whether an array of messages (a batch) is taken: MCP 2025-03-26 allows batches, 2024-11-05
    /// does not mention them and 2025-06-18 removed them.
    var acceptsBatches: Bool { get }
    /// Whether this method may be part of a batch (`initialize` may not).
    func mayBatch(method: String) -> Bool
}

/// The answering side of JSON-RPC 2.0, one message at a time: a message in, the message to send
/// back (or none, for notifications and responses) out. Never throws: any input, however
/// malformed, gives a JSON-RPC error response.
public enum JSONRPC {
    /// The reply to one message (one line of the stdio transport), or nil when none is due.
    public static func reply(to message: [UInt8], handler: JSONRPCHandler) -> JSONValue? {
        let document: JSONValue
        do {
            document = try JSONValue.parse(message)
        } catch {
            return errorResponse(id: .null, .parseError("\(error)"))
        }
        guard case let .array(elements) = document else { return reply(toSingle: document, handler: handler, inBatch: false) }
        guard handler.acceptsBatches else {
            return errorResponse(id: .null, .invalidRequest("JSON-RPC batches are not supported in this protocol version; send one message per line"))
        }
        guard !elements.isEmpty else { return errorResponse(id: .null, .invalidRequest("empty batch")) }
        let replies = elements.compactMap { reply(toSingle: $0, handler: handler, inBatch: true) }
        // A batch of notifications gets no answer at all, not an empty array.
        return replies.isEmpty ? nil : .array(replies)
    }

    static func reply(toSingle message: JSONValue, handler: JSONRPCHandler, inBatch: Bool) -> JSONValue? {
        guard message.isObject else { return errorResponse(id: .null, .invalidRequest("a message must be a JSON object")) }
        // A response to a request of ours; the server sends none, so there is nothing to match it to.
        if message["method"] == nil, message["result"] != nil || message["error"] != nil { return nil }
        let id = message["id"]
        // Echo the id only when it is one a request may have; otherwise the error cannot name it.
        let echoed: JSONValue = id.flatMap { validID($0) ? $0 : nil } ?? .null
        guard message["jsonrpc"] == .string("2.0") else { return errorResponse(id: echoed, .invalidRequest("\"jsonrpc\" must be \"2.0\"")) }
        guard let method = message["method"]?.stringValue else { return errorResponse(id: echoed, .invalidRequest("\"method\" must be a string")) }
        let params = message["params"]
        if let params, !params.isObject, params.arrayValue == nil {
            return id == nil ? nil : errorResponse(id: echoed, .invalidRequest("\"params\" must be an object or an array"))
        }
        guard let id else {
            handler.notice(method: method, params: params)
            return nil
        }
        // MCP: "the ID MUST NOT be null"; JSON-RPC: a string or a number.
        guard validID(id) else { return errorResponse(id: .null, .invalidRequest("\"id\" must be a string or an integer")) }
        if inBatch && !handler.mayBatch(method: method) {
            return errorResponse(id: id, .invalidRequest("\(method) must not be part of a batch"))
        }
        switch handler.respond(method: method, params: params) {
        case let .success(result): return .obj([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])
        case let .failure(error): return errorResponse(id: id, error)
        }
    }

    static func validID(_ id: JSONValue) -> Bool {
        switch id {
        case .string, .int: return true
        default: return false
        }
    }

    public static func errorResponse(id: JSONValue, _ error: RPCError) -> JSONValue {
        .obj([("jsonrpc", .string("2.0")), ("id", id), ("error", error.value)])
    }
}
