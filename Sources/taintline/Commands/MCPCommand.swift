import ArgumentParser
import Foundation
import MCPServer

struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serves Taintline to a coding assistant over the Model Context Protocol (stdio).",
        discussion: """
        Reads JSON-RPC messages, one per line, on standard input and answers on standard output \
        (MCP's stdio transport; protocol revisions 2025-06-18, 2025-03-26 and 2024-11-05), until \
        standard input ends; logs go to standard error. The tools: scan (a snippet, or a file or \
        folder under the root, with the project's [tool.taintline] configuration; the result is the \
        JSON report of 'scan --format json', secrets redacted), explain (a rule's documentation) and \
        rules (the catalog). Paths outside the root are refused. Configure it in the assistant as \
        the command 'taintline' with the argument 'mcp' (README: Use from a coding assistant).
        """)

    @Option(help: ArgumentHelp("The project the tools may read; paths in tool calls are relative to it (default: the folder the server is started in).", valueName: "dir"))
    var root: String?

    func run() throws {
        do {
            try MCPServer.serveStandardIO(root: root)
        } catch {
            throw fail(error)
        }
    }
}
