import Findings
import Foundation
import Reporting

/// A Model Context Protocol server: the lifecycle (`initialize`, version negotiation, `ping`) and
/// the tools (`tools/list`, `tools/call`) over the JSON-RPC layer. Tools read the project under
/// `root` and nothing outside it.
public final class MCPServer: JSONRPCHandler {
    /// Protocol revisions this server speaks, newest first.
    public static let supportedVersions = ["2025-06-18", "2025-03-26", "2024-11-05"]

    /// The revision agreed in `initialize`; before it, the newest (whose rules for batches and
    /// results apply to anything sent early).
    public private(set) var protocolVersion = MCPServer.supportedVersions[0]
    /// Whether the client has sent `notifications/initialized`.
    public private(set) var initialized = false
    let tools: [Tool]
    let context: ToolContext

    /// - Parameter root: the folder the tools may read (absolute or relative to the working
    ///   directory); paths in tool calls are relative to it.
    public init(root: String) throws {
        context = try ToolContext(root: root)
        tools = [ScanTool.tool, ExplainTool.tool, RulesTool.tool]
    }

    public var acceptsBatches: Bool { protocolVersion == "2025-03-26" }

    public func mayBatch(method: String) -> Bool { method != "initialize" }

    public func notice(method: String, params: JSONValue?) {
        // `notifications/cancelled` needs nothing: requests are answered one at a time, in order,
        // so by the time a cancellation is read, its request has been answered.
        if method == "notifications/initialized" { initialized = true }
    }

    public func respond(method: String, params: JSONValue?) -> Result<JSONValue, RPCError> {
        switch method {
        case "initialize": return initialize(params)
        case "ping": return .success(.object([]))
        case "tools/list": return .success(.obj([("tools", .array(tools.map { $0.listing(version: protocolVersion) }))]))
        case "tools/call": return call(params)
        default: return .failure(.methodNotFound(method))
        }
    }

    func initialize(_ params: JSONValue?) -> Result<JSONValue, RPCError> {
        guard let requested = params?["protocolVersion"]?.stringValue else {
            return .failure(.invalidParams("initialize needs \"protocolVersion\" (a string)"))
        }
        // The client's revision when this server speaks it, else the newest it does; the client
        // disconnects if it cannot use that one.
        protocolVersion = MCPServer.supportedVersions.contains(requested) ? requested : MCPServer.supportedVersions[0]
        var serverInfo: [(String, JSONValue)] = [("name", .string("taintline"))]
        if protocolVersion >= "2025-06-18" { serverInfo.append(("title", .string("Taintline"))) }
        serverInfo.append(("version", .string(taintlineVersion)))
        return .success(.obj([
            ("protocolVersion", .string(protocolVersion)),
            ("capabilities", .obj([("tools", .obj([("listChanged", .bool(false))]))])),
            ("serverInfo", .obj(serverInfo)),
            ("instructions", .string(MCPServer.instructions)),
        ]))
    }

    static let instructions = """
    Taintline is a security auditor for Python web apps (Flask, Quart, FastAPI, Django, Starlette). \
    Call `scan` with `code` to check code you have just written (pass `filename` when it is not a \
    Python module: a Dockerfile, requirements.txt, a template), or with `path` to check files of \
    the project; fix what it reports (each finding names the rule, the flow from request data to \
    the sink, and the remedy; some carry a mechanical fix) and scan again. `explain` documents a \
    rule id, `rules` lists them.
    """

    func call(_ params: JSONValue?) -> Result<JSONValue, RPCError> {
        guard let name = params?["name"]?.stringValue else { return .failure(.invalidParams("tools/call needs \"name\" (a string)")) }
        guard let tool = tools.first(where: { $0.name == name }) else {
            return .failure(.invalidParams("unknown tool '\(name)'; tools/list names them (\(tools.map(\.name).joined(separator: ", ")))"))
        }
        let arguments = params?["arguments"] ?? .object([])
        guard arguments.isObject else { return .failure(.invalidParams("\"arguments\" must be an object")) }
        let result: ToolResult
        do {
            result = try tool.run(arguments, context)
        } catch let error as ToolError {
            // A tool error goes to the model (isError), which can correct its call; a protocol
            // error would only reach the client.
            result = ToolResult(text: error.message, isError: true)
        } catch {
            result = ToolResult(text: "\(tool.name) failed: \(error)", isError: true)
        }
        return .success(result.value(version: protocolVersion))
    }
}

extension MCPServer {
    /// `taintline mcp`: serves standard input and output with `root` (default: the working
    /// directory) as the project. The process moves into the root first, so the scans see paths as
    /// `taintline scan` run there would (`app/views.py`) and find the same configuration.
    public static func serveStandardIO(root: String?) throws {
        let server = try MCPServer(root: root ?? FileManager.default.currentDirectoryPath)
        guard FileManager.default.changeCurrentDirectoryPath(server.context.root) else {
            throw ToolError("cannot enter the root \(server.context.root)")
        }
        FileHandle.standardError.write(Data("taintline mcp: serving \(server.context.root) over stdio (MCP \(supportedVersions.joined(separator: ", ")))\n".utf8))
        server.serve()
    }

    /// Serves MCP's stdio transport: one JSON-RPC message per line on `input`, each reply on one
    /// line of `output`, until `input` ends (or `output` is closed). Logs go to standard error.
    public func serve(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        // A client that goes away must end the server with an error from write, not kill it.
        signal(SIGPIPE, SIG_IGN)
        var reader = LineReader(descriptor: input)
        while let line = reader.next() {
            // Blank lines separate nothing; they are not messages.
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            guard let reply = JSONRPC.reply(to: line, handler: self) else { continue }
            guard LineReader.write(reply.compact() + "\n", to: output) else { return }
        }
    }
}

/// The lines of a file descriptor, read in chunks; a last line without a newline counts.
struct LineReader {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func next() -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var line = Array(buffer[start..<newline])
                start = newline + 1
                if line.last == 0x0D { line.removeLast() }
                return line
            }
            if ended {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return Array(buffer[start...])
            }
            // Drop what has been handed out before reading more, so a long session stays small.
            buffer.removeFirst(start)
            start = 0
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { ended = true; continue }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// Writes all of `text`; false when the descriptor no longer takes it.
    static func write(_ text: String, to descriptor: Int32) -> Bool {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let count = bytes[done...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return false }
            done += count
        }
        return true
    }
}
