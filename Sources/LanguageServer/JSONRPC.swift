import Foundation

/// A JSON-RPC request id: a number or a string, echoed back as it came.
public enum RequestID: Hashable, Sendable {
    case number(Int)
    case string(String)

    var json: Any {
        switch self {
        case .number(let value): return value
        case .string(let value): return value
        }
    }

    init?(json: Any?) {
        if let value = json as? String { self = .string(value) }
        else if let value = json as? Int { self = .number(value) }
        else { return nil }
    }
}

/// The JSON-RPC and LSP error codes the server sends.
public struct ResponseError: Error, Equatable, Sendable {
    public var code: Int
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public static func parseError(_ message: String) -> ResponseError { ResponseError(code: -32700, message: message) }
    public static func invalidRequest(_ message: String) -> ResponseError { ResponseError(code: -32600, message: message) }
    public static func methodNotFound(_ method: String) -> ResponseError { ResponseError(code: -32601, message: "unknown method '\(method)'") }
    public static func invalidParams(_ message: String) -> ResponseError { ResponseError(code: -32602, message: message) }
    public static func internalError(_ message: String) -> ResponseError { ResponseError(code: -32603, message: message) }
    public static let serverNotInitialized = ResponseError(code: -32002, message: "the server is not initialized: send 'initialize' first")

    var json: [String: Any] { ["code": code, "message": message] }
}

/// A message that cannot be handled: the error to answer with, and its id when it could be read.
public struct UnusableMessage: Error {
    public var id: RequestID?
    public var error: ResponseError
}

/// One message read from the client.
public enum IncomingMessage {
    case request(id: RequestID, method: String, params: Any?)
    case notification(method: String, params: Any?)
    /// The answer to a request the server sent (`window/showDocument`).
    case response(id: RequestID, result: Any?, error: Any?)

    /// Reads one message body; an error to answer with (and the id, when it could be read).
    public static func parse(_ body: [UInt8]) -> Result<IncomingMessage, UnusableMessage> {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(body), options: [])
        } catch {
            return .failure(UnusableMessage(id: nil, error: ResponseError.parseError("the message is not JSON")))
        }
        guard let object = value as? [String: Any] else {
            // A batch (an array) is JSON-RPC but not LSP, which never sends one.
            return .failure(UnusableMessage(id: nil, error: ResponseError.invalidRequest("a message must be a JSON object")))
        }
        let id = RequestID(json: object["id"])
        guard object["jsonrpc"] as? String == "2.0" else { return .failure(UnusableMessage(id: id, error: ResponseError.invalidRequest("'jsonrpc' must be \"2.0\""))) }
        if let method = object["method"] {
            guard let method = method as? String else { return .failure(UnusableMessage(id: id, error: ResponseError.invalidRequest("'method' must be a string"))) }
            let params = object["params"].flatMap { $0 is NSNull ? nil : $0 }
            if object["id"] == nil { return .success(.notification(method: method, params: params)) }
            guard let id else { return .failure(UnusableMessage(id: nil, error: ResponseError.invalidRequest("'id' must be a number or a string"))) }
            return .success(.request(id: id, method: method, params: params))
        }
        guard let id else { return .failure(UnusableMessage(id: nil, error: ResponseError.invalidRequest("a message without 'method' must be a response with an 'id'"))) }
        return .success(.response(id: id, result: object["result"], error: object["error"].flatMap { $0 is NSNull ? nil : $0 }))
    }
}

/// Writes framed messages to a file descriptor (standard output), one at a time whatever thread
/// sends them; nothing else may write there.
public final class MessageWriter: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()

    public init(descriptor: Int32 = STDOUT_FILENO) {
        self.descriptor = descriptor
    }

    func respond(_ id: RequestID?, result: Any) {
        send(["jsonrpc": "2.0", "id": id?.json ?? NSNull(), "result": result])
    }

    func respond(_ id: RequestID?, error: ResponseError) {
        send(["jsonrpc": "2.0", "id": id?.json ?? NSNull(), "error": error.json])
    }

    func notify(_ method: String, _ params: [String: Any]) {
        send(["jsonrpc": "2.0", "method": method, "params": params])
    }

    func request(_ id: RequestID, _ method: String, _ params: [String: Any]) {
        send(["jsonrpc": "2.0", "id": id.json, "method": method, "params": params])
    }

    private func send(_ message: [String: Any]) {
        // Every value the server builds is a string, number, boolean, null, array or object.
        guard JSONSerialization.isValidJSONObject(message),
              let data = try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            ServerLog.write("internal error: a message could not be encoded as JSON; not sent")
            return
        }
        let framed = MessageFramer.frame([UInt8](data))
        lock.lock()
        defer { lock.unlock() }
        var written = 0
        while written < framed.count {
            let n = framed.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, framed.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                ServerLog.write("cannot write to the client: \(String(cString: strerror(errno)))")
                return
            }
            written += n
        }
    }
}

/// The server's log: standard error only (standard output carries the protocol).
enum ServerLog {
    static func write(_ message: String) {
        FileHandle.standardError.write(Data("taintline server: \(message)\n".utf8))
    }
}
