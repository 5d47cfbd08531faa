import Foundation
import Reporting

/// One MCP tool: what `tools/list` shows and what `tools/call` runs.
struct Tool {
    var name: String
    var title: String
    var description: String
    var inputSchema: JSONValue
    var outputSchema: JSONValue
    var run: (_ arguments: JSONValue, _ context: ToolContext) throws -> ToolResult

    /// The tool's entry in `tools/list`; `title` and `outputSchema` exist from 2025-06-18,
    /// annotations from 2025-03-26.
    func listing(version: String) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(name))]
        if version >= "2025-06-18" { members.append(("title", .string(title))) }
        members += [("description", .string(description)), ("inputSchema", inputSchema)]
        if version >= "2025-06-18" { members.append(("outputSchema", outputSchema)) }
        if version >= "2025-03-26" {
            // Every tool only reads: files under the root and the rule catalog, never the network.
            members.append(("annotations", .obj([
                ("readOnlyHint", .bool(true)), ("destructiveHint", .bool(false)),
                ("idempotentHint", .bool(true)), ("openWorldHint", .bool(false)),
            ])))
        }
        return .obj(members)
    }
}

/// What a tool call returns: a text for the model to read and the same result as data.
struct ToolResult {
    var text: String
    /// The result as the tool's `outputSchema` describes it; nil for an error.
    var structured: JSONValue?
    var isError = false

    init(text: String, structured: JSONValue? = nil, isError: Bool = false) {
        self.text = text
        self.structured = structured
        self.isError = isError
    }

    /// The `tools/call` result. Clients before 2025-06-18 know no `structuredContent`; the spec
    /// asks for the structured result as JSON text too, so they (and models that read only text)
    /// get it as a second text block.
    func value(version: String) -> JSONValue {
        var content: [JSONValue] = [.obj([("type", .string("text")), ("text", .string(text))])]
        if let structured {
            content.append(.obj([("type", .string("text")), ("text", .string(structured.compact()))]))
        }
        var members: [(String, JSONValue)] = [("content", .array(content))]
        if let structured, version >= "2025-06-18" { members.append(("structuredContent", structured)) }
        members.append(("isError", .bool(isError)))
        return .obj(members)
    }
}

/// A call the tool cannot carry out, in words the model can act on (a path outside the root, an
/// unknown rule id, a wrong argument): answered as a result with `isError`.
public struct ToolError: Error, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What every tool call may read: the project root.
struct ToolContext {
    /// The root with symbolic links resolved: a path is inside it when its own resolved path is.
    let root: String

    init(root: String) throws {
        guard let resolved = ToolContext.realPath(root) else { throw ToolError("the root \(root) does not exist") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ToolError("the root \(root) is not a folder")
        }
        self.root = resolved
    }

    /// `path` (relative to the root, or absolute) as the scan should be given it, checked to lie
    /// inside the root once `..` and symbolic links are resolved. The result is relative to the
    /// working directory when that is the root (so findings show `app/views.py`), else absolute.
    func resolve(_ path: String) throws -> String {
        let joined = path.hasPrefix("/") ? path : (root as NSString).appendingPathComponent(path)
        guard let resolved = ToolContext.realPath(joined) else {
            throw ToolError("no such file or folder: \(path) (paths are relative to the server's root, \(root))")
        }
        guard resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw ToolError("\(path) is outside the server's root (\(root)); only files under it can be scanned")
        }
        let relative = resolved == root ? "." : String(resolved.dropFirst(root == "/" ? 1 : root.count + 1))
        let workingDirectory = ToolContext.realPath(FileManager.default.currentDirectoryPath)
        return workingDirectory == root ? relative : resolved
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Reading tool arguments, with errors that say which argument is wrong.
extension JSONValue {
    func string(_ key: String) throws -> String? {
        guard let value = self[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw ToolError("\"\(key)\" must be a string") }
        return text
    }

    /// A list of strings; a single string is taken as a list of one (`"TL-B602,TL-B608"` works as on the command line).
    func strings(_ key: String) throws -> [String]? {
        guard let value = self[key], value != .null else { return nil }
        if let text = value.stringValue { return [text] }
        guard let values = value.arrayValue else { throw ToolError("\"\(key)\" must be a list of strings") }
        return try values.map { element in
            guard let text = element.stringValue else { throw ToolError("\"\(key)\" must be a list of strings") }
            return text
        }
    }

    /// Refuses members the tool does not know: a misspelt argument would otherwise be ignored.
    func onlyKeys(_ allowed: Set<String>) throws {
        guard case let .object(members) = self else { return }
        for member in members where !allowed.contains(member.key) {
            throw ToolError("unknown argument \"\(member.key)\" (this tool takes \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}
